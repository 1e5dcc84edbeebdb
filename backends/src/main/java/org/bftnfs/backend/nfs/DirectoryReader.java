package org.bftnfs.backend.nfs;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import org.bftnfs.backend.Backend.Entry;
import org.bftnfs.backend.Backend.Found;
import org.bftnfs.spec.service.Procedure;
import org.bftnfs.xdr.nfs.READDIR3args;
import org.bftnfs.xdr.nfs.READDIR3res;
import org.bftnfs.xdr.nfs.READDIRPLUS3args;
import org.bftnfs.xdr.nfs.READDIRPLUS3res;
import org.bftnfs.xdr.nfs.entry3;
import org.bftnfs.xdr.nfs.entryplus3;
import org.bftnfs.xdr.nfs.nfs3;
import org.bftnfs.xdr.nfs.nfsstat3;

/**
 * Reads whole directories: READDIRPLUS from cookie 0 until eof, passing back the server's cookies
 * and cookie verifier; entries without a handle or attributes are completed by LOOKUP. A server
 * that answers READDIRPLUS with NFS3ERR_NOTSUPP is read with READDIR + LOOKUP from then on. A
 * listing whose cookie the server declares stale (NFS3ERR_BAD_COOKIE) starts over.
 */
final class DirectoryReader {

  /** How often a listing starts over after NFS3ERR_BAD_COOKIE before giving up. */
  static final int ATTEMPTS = 3;

  private static final String READDIRPLUS = Procedure.READDIRPLUS.name();
  private static final String READDIR = Procedure.READDIR.name();
  private static final byte[] DOT = {'.'};
  private static final byte[] DOT_DOT = {'.', '.'};

  private final RpcConnection nfs;
  private final ServerLimits limits;
  private final BiFunction<byte[], byte[], Optional<Found>> lookup;
  private boolean plusSupported = true;

  /**
   * @param nfs the NFS connection
   * @param limits the server's sizes (READDIR sizes follow its preference)
   * @param lookup LOOKUP of a name in a directory
   */
  DirectoryReader(
      RpcConnection nfs, ServerLimits limits, BiFunction<byte[], byte[], Optional<Found>> lookup) {
    this.nfs = nfs;
    this.limits = limits;
    this.lookup = lookup;
  }

  /** True until the server answered READDIRPLUS with NFS3ERR_NOTSUPP. */
  boolean usesReaddirplus() {
    return plusSupported;
  }

  /** Every entry of {@code dir} except "." and "..", in the server's order. */
  List<Entry> readAll(byte[] dir) {
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      Optional<List<Entry>> listing = plusSupported ? readPlus(dir) : readPlain(dir);
      if (listing.isPresent()) {
        return listing.get();
      }
    }
    throw nfs.failure(
        plusSupported ? READDIRPLUS : READDIR,
        NfsStatus.name(nfsstat3.NFS3ERR_BAD_COOKIE) + " " + ATTEMPTS + " times in a row");
  }

  /** The listing by READDIRPLUS; empty when a cookie went stale. */
  private Optional<List<Entry>> readPlus(byte[] dir) {
    Listing listing = new Listing();
    long cookie = 0;
    byte[] verifier = new byte[nfs3.NFS3_COOKIEVERFSIZE];
    while (true) {
      READDIRPLUS3args args = new READDIRPLUS3args();
      args.dir = NfsArgs.fh(dir);
      args.cookie = cookie;
      args.cookieverf = verifier;
      args.dircount = limits.directoryPreferred();
      args.maxcount = Math.max(limits.directoryPreferred(), ServerLimits.FALLBACK) * 4;
      READDIRPLUS3res res =
          nfs.call(READDIRPLUS, Procedure.READDIRPLUS.number(), args, new READDIRPLUS3res());
      if (res.status == nfsstat3.NFS3ERR_NOTSUPP && cookie == 0) {
        plusSupported = false;
        return readPlain(dir);
      }
      if (res.status == nfsstat3.NFS3ERR_BAD_COOKIE && cookie != 0) {
        return Optional.empty();
      }
      nfs.expectOk(READDIRPLUS, res.status);
      int before = listing.size();
      for (entryplus3 e = res.resok.reply.entries; e != null; e = e.nextentry) {
        cookie = e.cookie;
        if (isDotOrDotDot(e.name)) {
          continue;
        }
        if (e.name_handle.handle_follows && e.name_attributes.attributes_follow) {
          listing.add(
              new Entry(
                  e.name,
                  e.name_handle.handle.data,
                  NfsAttributes.of(e.name_attributes.attributes)));
        } else {
          listing.add(looked(READDIRPLUS, dir, e.name));
        }
      }
      if (res.resok.reply.eof) {
        return Optional.of(listing.entries());
      }
      if (res.resok.reply.entries == null) {
        throw nfs.failure(READDIRPLUS, "no entries and no eof after " + before + " entries");
      }
      verifier = res.resok.cookieverf;
    }
  }

  /** The listing by READDIR and one LOOKUP per name; empty when a cookie went stale. */
  private Optional<List<Entry>> readPlain(byte[] dir) {
    Listing listing = new Listing();
    long cookie = 0;
    byte[] verifier = new byte[nfs3.NFS3_COOKIEVERFSIZE];
    while (true) {
      READDIR3args args = new READDIR3args();
      args.dir = NfsArgs.fh(dir);
      args.cookie = cookie;
      args.cookieverf = verifier;
      args.count = Math.max(limits.directoryPreferred(), ServerLimits.FALLBACK);
      READDIR3res res = nfs.call(READDIR, Procedure.READDIR.number(), args, new READDIR3res());
      if (res.status == nfsstat3.NFS3ERR_BAD_COOKIE && cookie != 0) {
        return Optional.empty();
      }
      nfs.expectOk(READDIR, res.status);
      int before = listing.size();
      for (entry3 e = res.resok.reply.entries; e != null; e = e.nextentry) {
        cookie = e.cookie;
        if (!isDotOrDotDot(e.name)) {
          listing.add(looked(READDIR, dir, e.name));
        }
      }
      if (res.resok.reply.eof) {
        return Optional.of(listing.entries());
      }
      if (res.resok.reply.entries == null) {
        throw nfs.failure(READDIR, "no entries and no eof after " + before + " entries");
      }
      verifier = res.resok.cookieverf;
    }
  }

  private Entry looked(String procedure, byte[] dir, byte[] name) {
    Found found =
        lookup
            .apply(dir, name)
            .orElseThrow(
                () ->
                    nfs.failure(
                        procedure,
                        "listed \""
                            + printable(name)
                            + "\" but LOOKUP does not find it (directory changed?)"));
    return new Entry(name, found.handle(), found.attributes());
  }

  private static boolean isDotOrDotDot(byte[] name) {
    return Arrays.equals(name, DOT) || Arrays.equals(name, DOT_DOT);
  }

  private static String printable(byte[] name) {
    return new String(name, StandardCharsets.UTF_8);
  }

  /** The entries of one listing so far; a name listed twice is the server's fault. */
  private final class Listing {
    private final List<Entry> entries = new ArrayList<>();
    private final Set<ByteBuffer> names = new HashSet<>();

    void add(Entry entry) {
      if (!names.add(ByteBuffer.wrap(entry.name()))) {
        throw nfs.failure(
            plusSupported ? READDIRPLUS : READDIR,
            "listed \"" + printable(entry.name()) + "\" twice");
      }
      entries.add(entry);
    }

    int size() {
      return entries.size();
    }

    List<Entry> entries() {
      return List.copyOf(entries);
    }
  }
}
