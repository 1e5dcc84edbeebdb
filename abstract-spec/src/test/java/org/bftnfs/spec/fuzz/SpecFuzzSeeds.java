package org.bftnfs.spec.fuzz;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bftnfs.spec.AbstractSpec;
import org.bftnfs.spec.AbstractState;
import org.bftnfs.spec.AgreedValues;
import org.bftnfs.spec.service.NfsCall;
import org.bftnfs.spec.workload.RandomWorkload;

/**
 * Writes the seed inputs of {@link SpecFuzzTest}: calls of the random workload that follow the one
 * preparing the fuzzed state, so their handles name objects of that state and the fuzzer starts
 * from well-formed calls of every procedure. A tool, run by hand when the input layout changes:
 *
 * <pre>
 * mvn -q -o -pl abstract-spec test-compile dependency:build-classpath \
 *     -Dmdep.outputFile=/tmp/cp -Dmdep.includeScope=test
 * java -cp abstract-spec/target/test-classes:abstract-spec/target/classes:$(cat /tmp/cp) \
 *     org.bftnfs.spec.fuzz.SpecFuzzSeeds \
 *     abstract-spec/src/test/resources/org/bftnfs/spec/fuzz/SpecFuzzTestInputs
 * </pre>
 */
public final class SpecFuzzSeeds {

  private SpecFuzzSeeds() {}

  public static void main(String[] args) throws IOException {
    Path inputs = Path.of(args[0]);
    Path calls = inputs.resolve("everyCallIsAnsweredAndTheSameTwice");
    Path arguments = inputs.resolve("argumentsDecodeOnlyFromTheirCanonicalEncoding");
    Files.createDirectories(calls);
    Files.createDirectories(arguments);
    AbstractSpec spec = new AbstractSpec(SpecFuzzTest.CONFIG);
    AbstractState state = spec.initialState();
    RandomWorkload w =
        new RandomWorkload(SpecFuzzTest.PREPARE_SEED, SpecFuzzTest.CONFIG.handles(), 8192);
    for (int i = 0; i < SpecFuzzTest.PREPARE_OPS; i++) {
      NfsCall call = w.next();
      w.observe(call, spec.execute(state, call, new AgreedValues(1_000_000 + i, 0)));
    }
    boolean[] seen = new boolean[32];
    int written = 0;
    for (int i = 0; i < 2000 && written < 64; i++) {
      NfsCall call = w.next();
      int proc = call.procedure();
      if (proc < 32 && (!seen[proc] || i % 50 == 0)) {
        seen[proc] = true;
        byte[] input = new byte[call.arguments().length + 2];
        input[0] = (byte) proc;
        input[1] = (byte) (i % SpecFuzzTest.CALLERS.length);
        System.arraycopy(call.arguments(), 0, input, 2, call.arguments().length);
        Files.write(calls.resolve(String.format("seed-%02d-%04d", proc, i)), input);
        if (proc >= 1 && proc <= 21) {
          byte[] arg = new byte[call.arguments().length + 1];
          arg[0] = (byte) (proc - 1); // SpecFuzzTest maps byte b to procedure 1 + b % 21
          System.arraycopy(call.arguments(), 0, arg, 1, call.arguments().length);
          Files.write(arguments.resolve(String.format("seed-%02d-%04d", proc, i)), arg);
        }
        written++;
      }
      w.observe(call, spec.execute(state.copy(), call, new AgreedValues(1_500_000 + i, 0)));
    }
    System.out.println("wrote " + written + " seeds of each target under " + inputs);
  }
}
