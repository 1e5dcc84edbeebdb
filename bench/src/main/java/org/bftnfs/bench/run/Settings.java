package org.bftnfs.bench.run;

import java.util.List;
import org.bftnfs.bench.BenchOptions;
import org.bftnfs.bench.Part;
import org.bftnfs.bench.results.RunResults.Setting;
import org.bftnfs.bench.targets.TargetKind;
import org.bftnfs.bench.targets.TargetStarter;
import org.bftnfs.bench.workload.MicroFixture;
import org.bftnfs.bench.workload.MicroOp;
import org.bftnfs.bench.workload.SequentialFile;

/** The settings of a run, for the report. */
final class Settings {

  private Settings() {}

  static List<Setting> of(BenchOptions o) {
    return List.of(
        new Setting(
            "targets", String.join(", ", o.targets().stream().map(TargetKind::label).toList())),
        new Setting("repetitions", Integer.toString(o.reps())),
        new Setting(
            "parts",
            String.join(
                ", ", List.of(Part.values()).stream().filter(o::runs).map(Part::label).toList())),
        new Setting(
            "Andrew scale", o.scale() + " copies of the source tree (seed " + o.seed() + ")"),
        new Setting("micro duration", o.microDuration().toMillis() + " ms per measurement"),
        new Setting("micro clients", o.clients().toString()),
        new Setting(
            "micro operations",
            String.join(", ", o.microOps().stream().map(MicroOp::label).toList())),
        new Setting(
            "micro fixture",
            MicroFixture.ENTRIES
                + "-entry directory, "
                + (MicroFixture.DATA_BYTES >> 10)
                + " KiB shared data file, "
                + (MicroFixture.CLIENT_FILE_BYTES >> 10)
                + " KiB file per client"),
        new Setting(
            "sequential file",
            o.seqMib() + " MiB in " + (SequentialFile.CALL_BYTES >> 20) + " MiB calls"),
        new Setting("NFS call timeout", TargetStarter.CALL_TIMEOUT.toSeconds() + " s"),
        new Setting("profile", o.profile().map(TargetKind::label).orElse("none")));
  }
}
