package org.bftnfs.spec.service;

import java.util.Arrays;

/**
 * The caller of an NFS procedure as the RPC layer authenticated it (RFC 1831/5531 AUTH_SYS or
 * AUTH_NONE). The abstract specification maps AUTH_NONE to the anonymous user and may squash root
 * (see {@code SpecConfig}); it never trusts anything else about the caller.
 *
 * @param flavor {@link #AUTH_NONE} or {@link #AUTH_SYS}
 * @param uid effective user id (AUTH_SYS only)
 * @param gid effective group id (AUTH_SYS only)
 * @param gids supplementary group ids (AUTH_SYS only, at most 16)
 */
public record Credentials(int flavor, int uid, int gid, int[] gids) {

  public static final int AUTH_NONE = 0;
  public static final int AUTH_SYS = 1;

  /** The most supplementary groups AUTH_SYS carries (RFC 5531 appendix A). */
  public static final int MAX_GIDS = 16;

  public Credentials {
    if (flavor != AUTH_NONE && flavor != AUTH_SYS) {
      throw new IllegalArgumentException("unknown credential flavor " + flavor);
    }
    gids = gids == null ? new int[0] : gids.clone();
    if (gids.length > MAX_GIDS) {
      throw new IllegalArgumentException("more than " + MAX_GIDS + " supplementary groups");
    }
  }

  public static Credentials none() {
    return new Credentials(AUTH_NONE, 0, 0, new int[0]);
  }

  public static Credentials unix(int uid, int gid, int... gids) {
    return new Credentials(AUTH_SYS, uid, gid, gids);
  }

  @Override
  public int[] gids() {
    return gids.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Credentials c
        && c.flavor == flavor
        && c.uid == uid
        && c.gid == gid
        && Arrays.equals(c.gids, gids);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * (31 * flavor + uid) + gid) + Arrays.hashCode(gids);
  }

  @Override
  public String toString() {
    return flavor == AUTH_NONE
        ? "AUTH_NONE"
        : "AUTH_SYS(uid=" + uid + ",gid=" + gid + ",gids=" + Arrays.toString(gids) + ")";
  }
}
