package org.bftnfs.bench.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicInteger;
import org.bftnfs.backend.BackendException;
import org.junit.jupiter.api.Test;

class JukeboxTest {

  private static final String JUKEBOX = "cluster at 127.0.0.1:1: WRITE failed: NFS3ERR_JUKEBOX";

  @Test
  void retriesJukeboxAnswersAndCountsThem() {
    Jukebox j = new Jukebox();
    AtomicInteger calls = new AtomicInteger();
    j.run(
        () -> {
          if (calls.incrementAndGet() < 3) {
            throw new BackendException(JUKEBOX);
          }
        });
    assertThat(calls).hasValue(3);
    assertThat(j.retries()).isEqualTo(2);
  }

  @Test
  void otherErrorsAndTooManyJukeboxesFail() {
    Jukebox j = new Jukebox();
    AtomicInteger calls = new AtomicInteger();
    assertThatThrownBy(
            () ->
                j.run(
                    () -> {
                      calls.incrementAndGet();
                      throw new BackendException("WRITE failed: NFS3ERR_SERVERFAULT");
                    }))
        .hasMessageContaining("SERVERFAULT");
    assertThat(calls).hasValue(1);
    assertThatThrownBy(
            () ->
                j.run(
                    () -> {
                      calls.incrementAndGet();
                      throw new BackendException(JUKEBOX);
                    }))
        .hasMessageContaining("JUKEBOX");
    assertThat(calls).hasValue(1 + Jukebox.ATTEMPTS);
    assertThat(j.retries()).isEqualTo(Jukebox.ATTEMPTS - 1);
  }

  @Test
  void aCreateThatFindsItsFileAfterAJukeboxIsDoneButNotBefore() {
    Jukebox j = new Jukebox();
    AtomicInteger calls = new AtomicInteger();
    j.runCreate(
        () -> {
          if (calls.incrementAndGet() == 1) {
            throw new BackendException("CREATE failed: NFS3ERR_JUKEBOX");
          }
          throw new BackendException("CREATE failed: NFS3ERR_EXIST");
        });
    assertThat(calls).hasValue(2);
    assertThat(j.retries()).isEqualTo(1);
    assertThatThrownBy(
            () ->
                j.runCreate(
                    () -> {
                      throw new BackendException("CREATE failed: NFS3ERR_EXIST");
                    }))
        .as("a file there before the first attempt is an error")
        .hasMessageContaining("EXIST");
    assertThatThrownBy(
            () ->
                j.run(
                    () -> {
                      if (calls.incrementAndGet() == 3) {
                        throw new BackendException("WRITE failed: NFS3ERR_JUKEBOX");
                      }
                      throw new BackendException("WRITE failed: NFS3ERR_EXIST");
                    }))
        .as("only a CREATE takes EXIST for done")
        .hasMessageContaining("EXIST");
  }
}
