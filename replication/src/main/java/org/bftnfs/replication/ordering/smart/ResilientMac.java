package org.bftnfs.replication.ordering.smart;

import bftsmart.tom.core.TOMLayer;
import bftsmart.tom.leaderchange.LCManager;
import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.Key;
import java.security.spec.AlgorithmParameterSpec;
import javax.crypto.Mac;
import javax.crypto.MacSpi;

/**
 * A {@link Mac} for the library's checks of consensus proofs that a missing key cannot break.
 *
 * <p>Why: the library's leader-change manager ({@code LCManager}) checks the MAC vectors of the
 * proofs replicas exchange during a regency change with one shared {@code Mac}, initialised with
 * the key of each sender's connection. A connection without a key yet (a peer restarted, or
 * reconnecting after it was paused) makes {@code Mac.init(null)} fail, and from then on that {@code
 * Mac} object refuses every key for the life of the replica (the JDK's delayed provider selection
 * is left broken): every proof looks forged, no regency change completes, and the group stops
 * ordering for good. This one initialises a fresh {@code HmacMD5} (the library's algorithm) at
 * every {@code init}; a missing key fails that one check only.
 */
final class ResilientMac {

  private static final String ALGORITHM = "HmacMD5";

  private ResilientMac() {}

  /** A {@code HmacMD5} {@link Mac} whose every {@code init} starts afresh. */
  static Mac create() {
    return new Mac(new FreshSpi(), null, ALGORITHM) {};
  }

  /**
   * Puts a resilient {@link Mac} into {@code layer}'s leader-change manager, once the library has
   * made it.
   *
   * @return false when the layer has no synchroniser yet (call again later)
   * @throws IllegalStateException if the library's fields are not where this build has them
   */
  static boolean install(TOMLayer layer) {
    if (layer.getSynchronizer() == null || layer.getSynchronizer().getLCManager() == null) {
      return false;
    }
    LCManager lc = layer.getSynchronizer().getLCManager();
    try {
      Field f = LCManager.class.getDeclaredField("mac");
      f.setAccessible(true);
      f.set(lc, create());
      return true;
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(
          "BFT-SMaRt's LCManager is not laid out as in 0.0.8.RELEASE", e);
    }
  }

  /** Delegates each use to a {@code Mac} made for the key of the last {@code init}. */
  private static final class FreshSpi extends MacSpi {
    private Mac current;

    @Override
    protected int engineGetMacLength() {
      return 16;
    }

    @Override
    protected void engineInit(Key key, AlgorithmParameterSpec params) throws InvalidKeyException {
      current = null;
      if (key == null) {
        throw new InvalidKeyException("no key for this peer yet");
      }
      try {
        Mac fresh = Mac.getInstance(ALGORITHM);
        fresh.init(key);
        current = fresh;
      } catch (InvalidKeyException e) {
        throw e;
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("this JVM lacks " + ALGORITHM, e);
      }
    }

    private Mac current() {
      if (current == null) {
        throw new IllegalStateException("MAC not initialised");
      }
      return current;
    }

    @Override
    protected void engineUpdate(byte input) {
      current().update(input);
    }

    @Override
    protected void engineUpdate(byte[] input, int offset, int len) {
      current().update(input, offset, len);
    }

    @Override
    protected void engineUpdate(ByteBuffer input) {
      current().update(input);
    }

    @Override
    protected byte[] engineDoFinal() {
      return current().doFinal();
    }

    @Override
    protected void engineReset() {
      if (current != null) {
        current.reset();
      }
    }
  }
}
