package org.bftnfs.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.bftnfs.spec.service.NfsCall;
import org.bftnfs.spec.state.AbstractObject;
import org.bftnfs.spec.state.DirectoryObject;
import org.bftnfs.spec.state.Metadata;
import org.bftnfs.spec.state.Name;
import org.bftnfs.spec.state.NamespaceListener;
import org.bftnfs.spec.state.ObjectType;
import org.bftnfs.spec.workload.RandomWorkload;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The namespace events are what a conformance wrapper mirrors onto its backend (paper §3.2): a
 * mirror that only sees the events must end with the same namespace, modes and owners as the
 * abstract state. A missing or wrong event shows up as a difference.
 */
class NamespaceListenerTest {

  private static final SpecConfig CONFIG =
      SpecConfig.defaults().withCapacity(200).withLimits(64L << 20, 16L << 20);

  /** Rebuilds directories and owner/mode from events only. */
  private static final class Mirror implements NamespaceListener {
    final Map<Oid, TreeMap<Name, Oid>> dirs = new HashMap<>();
    final Map<Oid, List<Integer>> owners = new HashMap<>();
    final Map<Oid, Integer> links = new HashMap<>();
    AbstractState state;

    @Override
    public void created(Oid dir, Name name, Oid object) {
      dirs.get(dir).put(name, object);
      AbstractObject o = state.get(object);
      if (o.type() == ObjectType.DIRECTORY) {
        dirs.put(object, new TreeMap<>());
      } else {
        links.put(object, 1);
      }
      attributesChanged(object);
    }

    @Override
    public void linked(Oid dir, Name name, Oid object) {
      dirs.get(dir).put(name, object);
      links.merge(object, 1, Integer::sum);
    }

    @Override
    public void unlinked(Oid dir, Name name, Oid object, ObjectType type, boolean freed) {
      assertThat(dirs.get(dir).remove(name)).isEqualTo(object);
      drop(object, type == ObjectType.DIRECTORY, freed);
    }

    @Override
    public void renamed(
        Oid fromDir,
        Name fromName,
        Oid toDir,
        Name toName,
        Oid object,
        Oid replaced,
        boolean replacedFreed) {
      assertThat(dirs.get(fromDir).remove(fromName)).isEqualTo(object);
      Oid old = dirs.get(toDir).put(toName, object);
      assertThat(old).isEqualTo(replaced);
      if (replaced != null) {
        drop(replaced, dirs.containsKey(replaced), replacedFreed);
      }
    }

    private void drop(Oid object, boolean isDir, boolean freed) {
      if (isDir) {
        assertThat(freed).isTrue();
        assertThat(dirs.remove(object)).isEmpty();
      } else {
        int left = links.merge(object, -1, Integer::sum);
        assertThat(freed).isEqualTo(left == 0);
        if (freed) {
          links.remove(object);
        }
      }
      if (freed) {
        owners.remove(object);
      }
    }

    @Override
    public void attributesChanged(Oid object) {
      Metadata m = state.get(object).meta();
      owners.put(object, List.of(m.mode, m.uid, m.gid));
    }
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {11, 12, 13})
  void eventsAloneRebuildTheNamespace(long seed) {
    AbstractSpec spec = new AbstractSpec(CONFIG);
    AbstractState state = spec.initialState();
    Mirror mirror = new Mirror();
    mirror.state = state;
    mirror.dirs.put(Oid.ROOT, new TreeMap<>());
    Metadata rm = state.get(Oid.ROOT).meta();
    mirror.owners.put(Oid.ROOT, List.of(rm.mode, rm.uid, rm.gid));
    state.setNamespaceListener(mirror);
    RandomWorkload w = new RandomWorkload(seed, CONFIG.handles(), 70_000);
    for (int i = 0; i < 3000; i++) {
      NfsCall call = w.next();
      w.observe(call, spec.execute(state, call, new AgreedValues(1000 + i, 0)));
    }
    int live = 0;
    for (int i = 0; i < state.capacity(); i++) {
      AbstractObject o = state.object(i);
      if (o == null) {
        continue;
      }
      live++;
      Oid oid = state.oidOf(i);
      assertThat(mirror.owners.get(oid))
          .as("seed %d: mode/uid/gid of %s", seed, oid)
          .isEqualTo(List.of(o.meta().mode, o.meta().uid, o.meta().gid));
      if (o instanceof DirectoryObject d) {
        TreeMap<Name, Oid> expected = new TreeMap<>();
        d.entries().forEach((n, e) -> expected.put(n, e.oid()));
        assertThat(mirror.dirs.get(oid)).as("seed %d: directory %s", seed, oid).isEqualTo(expected);
      } else {
        assertThat(mirror.links.get(oid))
            .as("seed %d: links of %s", seed, oid)
            .isEqualTo(o.meta().nlink);
      }
    }
    assertThat(mirror.owners).hasSize(live);
    assertThat(live).isGreaterThan(10);
  }
}
