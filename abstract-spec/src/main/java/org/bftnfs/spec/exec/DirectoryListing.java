package org.bftnfs.spec.exec;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.bftnfs.spec.NfsException;
import org.bftnfs.spec.Oid;
import org.bftnfs.spec.state.DirectoryObject;
import org.bftnfs.spec.state.Name;
import org.bftnfs.xdr.nfs.nfs3;

/**
 * The entries a READDIR or READDIRPLUS returns, in the specification's order: "." (cookie 1), ".."
 * (cookie 2), then the named entries in ascending unsigned-byte order of their names, each with its
 * cookie (see {@link DirectoryObject}). A listing with cookie 0 starts at "."; any other cookie
 * resumes after the entry it belongs to (or belonged to, for remembered removals); an unknown
 * cookie is {@code NFS3ERR_BAD_COOKIE}. The cookie verifier is always zero and the client's is not
 * checked: cookies never become invalid through reordering, so a verifier carries no information.
 */
final class DirectoryListing {

  /** The cookie verifier of every listing. */
  static final byte[] VERIFIER = new byte[nfs3.NFS3_COOKIEVERFSIZE];

  /** One listed entry. */
  record Item(Oid oid, byte[] name, long cookie) {}

  private static final byte[] DOT = {'.'};
  private static final byte[] DOTDOT = {'.', '.'};

  private DirectoryListing() {}

  /** The entries after {@code cookie}, lazily. */
  static Iterator<Item> after(Oid dirOid, DirectoryObject dir, long cookie) throws NfsException {
    List<Item> head = new ArrayList<>(2);
    Iterator<Map.Entry<Name, DirectoryObject.Entry>> named;
    if (cookie == 0) {
      head.add(new Item(dirOid, DOT, DirectoryObject.DOT_COOKIE));
      head.add(new Item(dir.parent(), DOTDOT, DirectoryObject.DOTDOT_COOKIE));
      named = dir.entries().entrySet().iterator();
    } else if (cookie == DirectoryObject.DOT_COOKIE) {
      head.add(new Item(dir.parent(), DOTDOT, DirectoryObject.DOTDOT_COOKIE));
      named = dir.entries().entrySet().iterator();
    } else {
      Name resume = dir.resumePoint(cookie);
      if (resume == null) {
        throw new NfsException.BadCookie("cookie " + Long.toUnsignedString(cookie) + " unknown");
      }
      named = dir.entries().tailMap(resume, false).entrySet().iterator();
    }
    Iterator<Item> first = head.iterator();
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return first.hasNext() || named.hasNext();
      }

      @Override
      public Item next() {
        if (first.hasNext()) {
          return first.next();
        }
        Map.Entry<Name, DirectoryObject.Entry> e = named.next();
        return new Item(e.getValue().oid(), e.getKey().bytes(), e.getValue().cookie());
      }
    };
  }

  /** Bytes an opaque of {@code n} bytes takes in XDR, length word included. */
  static int opaqueSize(int n) {
    return 4 + ((n + 3) & ~3);
  }
}
