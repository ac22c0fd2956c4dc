package hbgen.run;

/** Shows a run's progress: a bar on a terminal, plain lines otherwise. */
public interface Progress extends AutoCloseable {
  /**
   * Reports the current counts; called after every event and about once a second.
   *
   * @param stageDone whether a stage has just been completed (plain lines print one then)
   */
  void update(RunCounts counts, boolean stageDone);

  /** Ends the display; the engine prints its summary after. */
  @Override void close();
}
