package hbgen.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class GpuSlotsTest {
  private static GpuPolicy policy(List<Integer> gpus, int k) {
    return new GpuPolicy(gpus, k, Double.NaN, Double.NaN, 0);
  }

  private static GpuLoad load(int gpu, double memory, double util) {
    return new GpuLoad(gpu, memory, util);
  }

  static Stream<Long> seeds() {
    return new Random(7L).longs(50).boxed();
  }

  /** Random placements and releases, with random busy GPUs: never more than K per GPU, never a busy one. */
  @ParameterizedTest
  @MethodSource("seeds")
  void neverPutsMoreThanKTrialsOnAGpuNorAnyOnABusyOne(long seed) {
    Random rnd = new Random(seed);
    List<Integer> gpus = new ArrayList<>();
    for (int g = 0; g < 8; g++) {
      if (rnd.nextBoolean()) {
        gpus.add(g);
      }
    }
    if (gpus.isEmpty()) {
      gpus.add(3);
    }
    int k = 1 + rnd.nextInt(3);
    GpuPolicy policy = new GpuPolicy(gpus, k, 0.75, 0.6, 0);
    GpuSlots slots = new GpuSlots(policy);
    Map<Integer, Integer> onGpu = new HashMap<>();
    List<Integer> placed = new ArrayList<>();
    for (int step = 0; step < 300; step++) {
      if (!placed.isEmpty() && rnd.nextInt(3) == 0) {
        int g = placed.remove(rnd.nextInt(placed.size()));
        slots.release(g);
        onGpu.merge(g, -1, Integer::sum);
        continue;
      }
      Map<Integer, GpuLoad> loads = new HashMap<>();
      for (int g : gpus) {
        loads.put(g, load(g, rnd.nextDouble(), rnd.nextDouble()));
      }
      OptionalInt got = slots.place(step, loads);
      if (got.isEmpty()) {
        continue;
      }
      int g = got.getAsInt();
      assertThat(gpus).contains(g);
      assertThat(loads.get(g).memoryFraction()).isLessThanOrEqualTo(0.75);
      assertThat(loads.get(g).utilization()).isLessThanOrEqualTo(0.6);
      onGpu.merge(g, 1, Integer::sum);
      placed.add(g);
      assertThat(onGpu.get(g)).isLessThanOrEqualTo(k);
      assertThat(slots.running(g)).isEqualTo(onGpu.get(g));
    }
  }

  @Test
  void fillsTheGpuWithFewestTrialsFirstInTheGivenOrder() {
    GpuSlots slots = new GpuSlots(policy(List.of(7, 0, 2), 2));
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      slots.place(0, Map.of()).ifPresent(order::add);
    }
    assertThat(order).containsExactly(7, 0, 2, 7, 0, 2);
    slots.release(0);
    assertThat(slots.place(0, Map.of())).hasValue(0);
  }

  @Test
  void skipsAGpuOverTheMemoryOrLoadLimit() {
    GpuSlots slots = new GpuSlots(new GpuPolicy(List.of(0, 1, 2), 4, 0.75, 0.6, 0));
    Map<Integer, GpuLoad> loads = Map.of(0, load(0, 0.9, 0.1), 1, load(1, 0.1, 0.61), 2, load(2, 0.75, 0.6));
    assertThat(slots.place(0, loads)).hasValue(2);
    assertThat(slots.place(0, loads)).hasValue(2);
  }

  @Test
  void notesWhyItSkipsAGpuOncePerChangeOfItsState() {
    GpuSlots slots = new GpuSlots(new GpuPolicy(List.of(0, 1), 4, 0.75, 0.6, 0));
    GpuLoad free = load(0, 0.1, 0.1);
    List<List<String>> notes = new ArrayList<>();
    for (GpuLoad one : List.of(load(1, 0.9, 0.1), load(1, 0.95, 0.2), load(1, 0.95, 0.8), load(1, 0.96, 0.9),
        load(1, 0.1, 0.05), load(1, 0.2, 0.1))) {
      slots.place(0, Map.of(0, free, 1, one));
      slots.release(0);
      notes.add(slots.takeNotes());
    }
    slots.place(0, Map.of(0, free));
    notes.add(slots.takeNotes());
    assertThat(notes).containsExactly(
        List.of("skipping GPU 1: nvidia-smi reports memory 90% used (over --gpu-max-memory 0.75)"),
        List.of(),
        List.of("skipping GPU 1: nvidia-smi reports memory 95% used (over --gpu-max-memory 0.75) and utilization 80%"
            + " (over --gpu-max-load 0.6)"),
        List.of(),
        List.of("GPU 1 is within the limits again: memory 10% used, utilization 5%"),
        List.of(),
        List.of("skipping GPU 1: nvidia-smi does not report it"));
  }

  @Test
  void notesNothingWithoutLimitsNorForAGpuThatIsFullOfItsOwnTrials() {
    GpuSlots counting = new GpuSlots(policy(List.of(0), 1));
    counting.place(0, Map.of());
    counting.place(0, Map.of());
    assertThat(counting.takeNotes()).isEmpty();
    GpuSlots full = new GpuSlots(new GpuPolicy(List.of(0), 1, 0.5, Double.NaN, 0));
    assertThat(full.place(0, Map.of(0, load(0, 0.1, 0)))).hasValue(0);
    assertThat(full.place(0, Map.of(0, load(0, 0.9, 0)))).isEmpty();
    assertThat(full.takeNotes()).as("full: its load is not the reason it is skipped").isEmpty();
  }

  @Test
  void treatsAGpuThatNvidiaSmiDoesNotReportAsBusy() {
    GpuSlots slots = new GpuSlots(new GpuPolicy(List.of(0, 1), 1, 0.5, Double.NaN, 0));
    assertThat(slots.place(0, Map.of(1, load(1, 0.1, 0.9)))).hasValue(1);
    assertThat(slots.place(0, Map.of(1, load(1, 0.1, 0.9)))).isEmpty();
  }

  @Test
  void appliesNoLimitToAValueTheDriverCannotReport() {
    GpuSlots slots = new GpuSlots(new GpuPolicy(List.of(0), 1, 0.5, 0.5, 0));
    assertThat(slots.place(0, Map.of(0, load(0, Double.NaN, Double.NaN)))).hasValue(0);
  }

  @Test
  void waitsTheStartupDelayBeforePlacingAnotherTrialOnTheSameGpu() {
    GpuSlots slots = new GpuSlots(new GpuPolicy(List.of(0, 1), 3, Double.NaN, Double.NaN, 1000));
    assertThat(slots.place(100, Map.of())).hasValue(0);
    assertThat(slots.place(100, Map.of())).hasValue(1);
    assertThat(slots.place(600, Map.of())).isEmpty();
    assertThat(slots.nextDelayEnd(600)).isEqualTo(1100);
    assertThat(slots.place(1100, Map.of())).hasValue(0);
    assertThat(slots.place(1100, Map.of())).hasValue(1);
  }

  @Test
  void countsASurvivorsGpuAgainstItsLimit() {
    GpuSlots slots = new GpuSlots(policy(List.of(0, 1), 1));
    slots.occupy(0, 0);
    assertThat(slots.place(0, Map.of())).hasValue(1);
    assertThat(slots.place(0, Map.of())).isEmpty();
    slots.occupy(5, 0);
    assertThat(slots.running(5)).as("a GPU outside --gpus is not tracked").isZero();
  }
}
