package hbgen.search;

import java.util.Locale;

/**
 * What writing configurations costs a file system, estimated before writing: each configuration is
 * a directory and its {@code config} file. Bytes on disk count whole blocks, since a 300-byte
 * file takes a 4 KiB block on ext4, XFS and Lustre alike (and a directory one more); inode quotas
 * count the files and directories.
 *
 * @param configs configurations to write
 * @param files files and directories they make
 * @param textBytes bytes of the configuration files
 * @param diskBytes bytes on disk in 4 KiB blocks
 */
public record SearchSize(long configs, long files, long textBytes, long diskBytes) {
  /** Block size the disk estimate assumes. */
  public static final long BLOCK = 4096;

  public SearchSize {
    if (configs < 0 || files < 0 || textBytes < 0 || diskBytes < 0) {
      throw new IllegalArgumentException("a search size is not negative");
    }
  }

  /** The size of {@code configs} configurations of about {@code bytesPerConfig} bytes each. */
  public static SearchSize of(long configs, long bytesPerConfig) {
    long blocks = Math.max(1, (bytesPerConfig + BLOCK - 1) / BLOCK);
    return new SearchSize(configs, 2 * configs, configs * bytesPerConfig, configs * (blocks + 1) * BLOCK);
  }

  /** Files a stage-0 trial adds as it runs: started, log, result (README, "Large searches"). */
  public static final int RUN_FILES_PER_TRIAL = 3;
  /** Files and directories a promoted trial adds: its directory, config, promoted-from, started, log, result. */
  public static final int RUN_FILES_PER_PROMOTED = 6;

  /** Files and directories running the trials adds, besides what the trainer writes itself. */
  public static long runFiles(long sampledTrials, long promotedTrials) {
    return RUN_FILES_PER_TRIAL * sampledTrials + RUN_FILES_PER_PROMOTED * promotedTrials;
  }

  /** "1,668,016 files and directories, 245 MB of text (about 6.8 GB on disk in 4 KiB blocks)". */
  public String describe() {
    return String.format(Locale.ROOT, "%,d files and directories, %s of text (about %s on disk in 4 KiB blocks)",
        files, bytes(textBytes), bytes(diskBytes));
  }

  /** Bytes in decimal units, e.g. 6.8 GB, 245 MB, 512 bytes. */
  static String bytes(long n) {
    String[] units = {"kB", "MB", "GB", "TB", "PB"};
    if (n < 1000) {
      return n + " bytes";
    }
    double v = n;
    int u = -1;
    while (v >= 999.95 && u < units.length - 1) {
      v /= 1000;
      u++;
    }
    return (v >= 99.95 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.1f", v)) + " " + units[u];
  }
}
