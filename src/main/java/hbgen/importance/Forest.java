package hbgen.importance;

import java.util.List;

/**
 * A random-forest learner: rows and targets in, trees out. fANOVA needs only the trees' splits and
 * leaf values, so the library behind this interface ({@link TribuoForest}) can be swapped.
 */
public interface Forest {
  /**
   * Fits the trees.
   *
   * @param x one row of column values per observation, all finite
   * @param y one finite target per row
   * @param seed the seed of every random choice (bootstrap samples), so equal inputs give equal trees
   */
  List<Tree> fit(double[][] x, double[] y, long seed);

  /**
   * The forest's shape, as Optuna's {@code FanovaImportanceEvaluator} builds scikit-learn's
   * {@code RandomForestRegressor}: each tree on a bootstrap sample of the rows, every column
   * considered at every split, no pruning beyond the depth limit.
   *
   * @param trees number of trees
   * @param maxDepth deepest a tree may grow
   * @param minSamplesSplit fewest rows a node needs to be split
   */
  record Settings(int trees, int maxDepth, int minSamplesSplit) {
    /** Optuna's: 64 trees, max depth 64, min samples split 2 (min samples leaf 1, all features per split, bootstrap). */
    public static final Settings OPTUNA = new Settings(64, 64, 2);

    public Settings {
      if (trees < 1 || maxDepth < 1 || minSamplesSplit < 2) {
        throw new IllegalArgumentException("a forest needs trees >= 1, maxDepth >= 1 and minSamplesSplit >= 2, was "
            + trees + ", " + maxDepth + ", " + minSamplesSplit);
      }
    }
  }
}
