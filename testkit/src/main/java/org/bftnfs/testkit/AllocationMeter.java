package org.bftnfs.testkit;

import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.Map;

/**
 * Measures how many bytes the threads of this JVM allocate on the heap between two points, from
 * HotSpot's per-thread allocation counters. Unlike heap usage, the count does not depend on when
 * the garbage collector runs, so a transient 2 GB array shows even if it is garbage a moment later.
 * Threads that end between the two points are not counted (server threads outlive the test's
 * measurement).
 */
public final class AllocationMeter {

  private final com.sun.management.ThreadMXBean threads =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
  private final Map<Long, Long> start = new HashMap<>();

  /** Starts measuring from now. */
  public AllocationMeter() {
    threads.setThreadAllocatedMemoryEnabled(true);
    long[] ids = threads.getAllThreadIds();
    long[] bytes = threads.getThreadAllocatedBytes(ids);
    for (int i = 0; i < ids.length; i++) {
      start.put(ids[i], bytes[i]);
    }
  }

  /** Bytes allocated since construction by the threads alive now. */
  public long allocatedBytes() {
    long[] ids = threads.getAllThreadIds();
    long[] bytes = threads.getThreadAllocatedBytes(ids);
    long total = 0;
    for (int i = 0; i < ids.length; i++) {
      if (bytes[i] >= 0) {
        total += bytes[i] - start.getOrDefault(ids[i], 0L);
      }
    }
    return total;
  }
}
