package org.bftnfs.spec.service;

import org.bftnfs.spec.AgreedValues;

/**
 * Where an unreplicated service gets the "agreed" values of each execution. (A replicated service
 * agrees on them with the other replicas instead.) Not thread-safe: the service asks once per
 * execution, one execution at a time.
 */
public interface AgreedTimeSource {

  /** The values for the next execution; each later than the one before. */
  AgreedValues next();
}
