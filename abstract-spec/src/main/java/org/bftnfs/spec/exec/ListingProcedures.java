package org.bftnfs.spec.exec;

import java.util.Iterator;
import org.bftnfs.spec.NfsException;
import org.bftnfs.spec.Oid;
import org.bftnfs.spec.state.DirectoryObject;
import org.bftnfs.xdr.nfs.READDIR3args;
import org.bftnfs.xdr.nfs.READDIR3res;
import org.bftnfs.xdr.nfs.READDIR3resfail;
import org.bftnfs.xdr.nfs.READDIR3resok;
import org.bftnfs.xdr.nfs.READDIRPLUS3args;
import org.bftnfs.xdr.nfs.READDIRPLUS3res;
import org.bftnfs.xdr.nfs.READDIRPLUS3resfail;
import org.bftnfs.xdr.nfs.READDIRPLUS3resok;
import org.bftnfs.xdr.nfs.dirlist3;
import org.bftnfs.xdr.nfs.dirlistplus3;
import org.bftnfs.xdr.nfs.entry3;
import org.bftnfs.xdr.nfs.entryplus3;
import org.bftnfs.xdr.nfs.nfsstat3;

/**
 * READDIR and READDIRPLUS (RFC 1813 §3.3.16, §3.3.17). Order and cookies: {@link DirectoryListing}.
 *
 * <p>Error precedence: BADHANDLE, STALE; NOTDIR; ACCES (no read permission on the directory);
 * BAD_COOKIE; TOOSMALL (the first remaining entry does not fit).
 *
 * <p>Sizes are exact XDR sizes. READDIR: the whole {@code READDIR3resok} must fit in {@code
 * min(count, maxTransfer)} bytes: 104 fixed bytes plus {@code 24 + pad4(len(name))} per entry.
 * READDIRPLUS: the whole {@code READDIRPLUS3resok} must fit in {@code min(maxcount, maxTransfer)}
 * (104 fixed plus {@code 136 + pad4(len(name))} per entry, attributes and 16-byte handle included),
 * and the entries' fileid, name and cookie ({@code 20 + pad4(len(name))} each) must fit in {@code
 * dircount}. Entries are returned while they fit; eof is true when the listing reached the end. A
 * limit below the 104 bytes of an empty reply is TOOSMALL, even at the end of the listing.
 */
final class ListingProcedures {

  /** post_op_attr (4 + 84) + cookieverf (8) + entries-follow (4) + eof (4). */
  private static final int FIXED = 88 + 8 + 4 + 4;

  private ListingProcedures() {}

  /** TOOSMALL when not even an empty listing fits the client's limit. */
  private static void requireFixedPartFits(long limit) throws NfsException {
    if (limit < FIXED) {
      throw new NfsException.TooSmall("count below the " + FIXED + " bytes of an empty reply");
    }
  }

  private static DirectoryObject readableDirectory(Execution x, Oid oid) throws NfsException {
    DirectoryObject dir = x.directory(oid);
    x.require(dir, Permissions.READ, "list directory");
    return dir;
  }

  /** READDIR. */
  static final class ReadDir implements ProcedureHandler<READDIR3args, READDIR3res> {
    @Override
    public READDIR3args newArguments() {
      return new READDIR3args();
    }

    @Override
    public READDIR3res execute(Execution x, READDIR3args a) throws NfsException {
      Oid oid = x.resolve(a.dir);
      DirectoryObject dir = readableDirectory(x, oid);
      Iterator<DirectoryListing.Item> items = DirectoryListing.after(oid, dir, a.cookie);
      long limit = Math.min(Integer.toUnsignedLong(a.count), x.config().maxTransfer());
      requireFixedPartFits(limit);
      long size = FIXED;
      entry3 head = null;
      entry3 tail = null;
      boolean eof = true;
      while (items.hasNext()) {
        DirectoryListing.Item it = items.next();
        int cost = 8 + DirectoryListing.opaqueSize(it.name().length) + 8 + 4;
        if (size + cost > limit) {
          if (head == null) {
            throw new NfsException.TooSmall("count too small for one entry");
          }
          eof = false;
          break;
        }
        size += cost;
        entry3 e = new entry3();
        e.fileid = it.oid().fileid();
        e.name = it.name();
        e.cookie = it.cookie();
        if (head == null) {
          head = e;
        } else {
          tail.nextentry = e;
        }
        tail = e;
      }
      READDIR3res r = new READDIR3res();
      r.status = nfsstat3.NFS3_OK;
      r.resok = new READDIR3resok();
      r.resok.dir_attributes = x.postOp(oid);
      r.resok.cookieverf = DirectoryListing.VERIFIER.clone();
      r.resok.reply = new dirlist3();
      r.resok.reply.entries = head;
      r.resok.reply.eof = eof;
      return r;
    }

    @Override
    public READDIR3res failure(Execution x, READDIR3args a, int status) {
      READDIR3res r = new READDIR3res();
      r.status = status;
      r.resfail = new READDIR3resfail();
      r.resfail.dir_attributes = x.postOp(x.resolveOrNull(a.dir));
      return r;
    }
  }

  /** READDIRPLUS. */
  static final class ReadDirPlus implements ProcedureHandler<READDIRPLUS3args, READDIRPLUS3res> {
    @Override
    public READDIRPLUS3args newArguments() {
      return new READDIRPLUS3args();
    }

    @Override
    public READDIRPLUS3res execute(Execution x, READDIRPLUS3args a) throws NfsException {
      Oid oid = x.resolve(a.dir);
      DirectoryObject dir = readableDirectory(x, oid);
      Iterator<DirectoryListing.Item> items = DirectoryListing.after(oid, dir, a.cookie);
      long limit = Math.min(Integer.toUnsignedLong(a.maxcount), x.config().maxTransfer());
      long dirLimit = Integer.toUnsignedLong(a.dircount);
      requireFixedPartFits(limit);
      long size = FIXED;
      long dirSize = 0;
      entryplus3 head = null;
      entryplus3 tail = null;
      boolean eof = true;
      while (items.hasNext()) {
        DirectoryListing.Item it = items.next();
        int nameSize = DirectoryListing.opaqueSize(it.name().length);
        int dirCost = 8 + nameSize + 8;
        int cost = dirCost + 88 + 4 + 4 + 16 + 4;
        if (size + cost > limit || dirSize + dirCost > dirLimit) {
          if (head == null) {
            throw new NfsException.TooSmall("maxcount or dircount too small for one entry");
          }
          eof = false;
          break;
        }
        size += cost;
        dirSize += dirCost;
        entryplus3 e = new entryplus3();
        e.fileid = it.oid().fileid();
        e.name = it.name();
        e.cookie = it.cookie();
        e.name_attributes = x.postOp(it.oid());
        e.name_handle = x.postOpHandle(it.oid());
        if (head == null) {
          head = e;
        } else {
          tail.nextentry = e;
        }
        tail = e;
      }
      READDIRPLUS3res r = new READDIRPLUS3res();
      r.status = nfsstat3.NFS3_OK;
      r.resok = new READDIRPLUS3resok();
      r.resok.dir_attributes = x.postOp(oid);
      r.resok.cookieverf = DirectoryListing.VERIFIER.clone();
      r.resok.reply = new dirlistplus3();
      r.resok.reply.entries = head;
      r.resok.reply.eof = eof;
      return r;
    }

    @Override
    public READDIRPLUS3res failure(Execution x, READDIRPLUS3args a, int status) {
      READDIRPLUS3res r = new READDIRPLUS3res();
      r.status = status;
      r.resfail = new READDIRPLUS3resfail();
      r.resfail.dir_attributes = x.postOp(x.resolveOrNull(a.dir));
      return r;
    }
  }
}
