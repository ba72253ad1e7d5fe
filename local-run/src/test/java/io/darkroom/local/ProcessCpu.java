package io.darkroom.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The CPU a process has used so far, from Linux's /proc: what the benchmarks charge per upload. */
final class ProcessCpu {
  private static final double TICKS_PER_SECOND = 100.0; // USER_HZ on Linux

  private ProcessCpu() {}

  /** User plus system time of {@code pid}, in seconds. */
  static double seconds(long pid) throws IOException {
    String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
    // the command name may hold spaces: the fields that follow start after its closing parenthesis
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND;
  }
}
