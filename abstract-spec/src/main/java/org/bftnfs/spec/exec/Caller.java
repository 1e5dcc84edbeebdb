package org.bftnfs.spec.exec;

import org.bftnfs.spec.SpecConfig;
import org.bftnfs.spec.service.Credentials;

/**
 * The identity a procedure runs as: AUTH_SYS credentials as given, AUTH_NONE as the anonymous user,
 * and uid 0 as the anonymous user when root squash is configured.
 */
public record Caller(int uid, int gid, int[] gids) {

  /** The identity of {@code credentials} under {@code config}. */
  public static Caller of(Credentials credentials, SpecConfig config) {
    if (credentials.flavor() == Credentials.AUTH_NONE
        || (config.rootSquash() && credentials.uid() == 0)) {
      return new Caller(config.anonUid(), config.anonGid(), new int[0]);
    }
    return new Caller(credentials.uid(), credentials.gid(), credentials.gids());
  }

  public boolean isRoot() {
    return uid == 0;
  }

  /** True when {@code group} is the caller's group or one of its supplementary groups. */
  public boolean inGroup(int group) {
    if (gid == group) {
      return true;
    }
    for (int g : gids) {
      if (g == group) {
        return true;
      }
    }
    return false;
  }
}
