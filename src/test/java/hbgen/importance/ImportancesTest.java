package hbgen.importance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ImportancesTest {
  static final List<Importances.Row> ROWS = List.of(new Importances.Row("lr", 0.25, 0.01),
      new Importances.Row("optimizer", 0.75, 0.02), new Importances.Row("fixed", 0, 0), new Importances.Row("a", 0, 0));

  @Test
  void rowsAreSortedByImportanceThenName() {
    Importances i = new Importances("fanova", "loss", "minimize", 9.0, false, 5, 12, ROWS, List.of("z", "beta"));
    assertThat(i.rows()).extracting(Importances.Row::parameter).containsExactly("optimizer", "lr", "a", "fixed");
    assertThat(i.notAssessed()).containsExactly("beta", "z");
  }

  @Test
  void textIsATableWithBarsAfterSayingWhichTrialsWereUsed() {
    Importances i = new Importances("fanova", "loss", "minimize", 9.0, false, 5, 12, ROWS, List.of("beta"));
    assertThat(i.text()).isEqualTo("""
        Parameter importance (fANOVA on a random forest) of loss (minimize)
        12 completed trials at budget 9, the largest budget with at least 5 (2 x 2 parameters + 1)

        parameter  importance
        optimizer       0.750  ##############################
        lr              0.250  ##########
        a               0.000
        fixed           0.000

        Not assessed (missing from some of these trials): beta
        """);
  }

  @Test
  void textSaysWhenEveryBudgetWasPooledOrTheBudgetWasAskedForAndWhenTrialsAreFew() {
    Importances pooled = new Importances("fanova", "", "maximize", null, false, 9, 6, ROWS, List.of());
    assertThat(pooled.text()).startsWith("""
        Parameter importance (fANOVA on a random forest) of the objective (maximize)
        6 completed trials of every budget, as no budget has 9 (2 x 4 parameters + 1)
        Rough: fewer than 10 trials.

        """);
    Importances asked = new Importances("fanova", "acc", "maximize", 2.5, true, 9, 3, ROWS, List.of());
    assertThat(asked.text()).contains("\n3 completed trials at budget 2.5 (--budget)\nRough: fewer than 10 trials.\n");
  }

  @Test
  void jsonHasSortedKeysAndANullBudgetWhenEveryBudgetWasPooled() {
    Importances pooled = new Importances("fanova", "", "maximize", null, false, 9, 6,
        List.of(new Importances.Row("x", 1, 0)), List.of("c"));
    assertThat(pooled.json()).isEqualTo("""
        {
          "budget": null,
          "importances": [{"importance": 1.0, "parameter": "x"}],
          "method": "fanova",
          "not_assessed": ["c"],
          "trials": 6
        }
        """);
    Importances fractional = new Importances("fanova", "", "maximize", 2.5, true, 9, 6, List.of(), List.of());
    assertThat(fractional.json()).contains("\"budget\": 2.5,");
  }

  @Test
  void valuesOutsideTheirRangeAreRefused() {
    assertThatThrownBy(() -> new Importances.Row("x", 1.5, 0)).hasMessage(
        "importance of x must be in [0, 1] with std >= 0, was 1.5 and 0.0");
    assertThatThrownBy(() -> new Importances("fanova", "", "minimize", 1.0, false, 3, 1, ROWS, List.of()))
        .hasMessage("importances need at least 2 trials, had 1");
  }
}
