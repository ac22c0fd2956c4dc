package hbgen.importance;

import java.util.Arrays;

/**
 * One regression tree, flattened in pre-order as scikit-learn's {@code tree_} arrays are: node 0 is
 * the root and every child comes after its parent. A node sends {@code x} to {@code left} when
 * {@code x[feature] <= threshold}, else to {@code right}; a leaf has feature, left and right -1 and
 * predicts {@code value}.
 *
 * @param feature the column a node splits on, -1 for a leaf
 * @param threshold the split value (ignored for a leaf)
 * @param left the child for {@code x <= threshold}, -1 for a leaf
 * @param right the child for {@code x > threshold}, -1 for a leaf
 * @param value the leaf's prediction (the mean of its training rows; ignored for a split)
 */
public record Tree(int[] feature, double[] threshold, int[] left, int[] right, double[] value) {
  public Tree {
    int n = feature.length;
    if (n == 0 || threshold.length != n || left.length != n || right.length != n || value.length != n) {
      throw new IllegalArgumentException("a tree needs at least one node and arrays of one length, had "
          + n + ", " + threshold.length + ", " + left.length + ", " + right.length + ", " + value.length);
    }
    feature = feature.clone();
    threshold = threshold.clone();
    left = left.clone();
    right = right.clone();
    value = value.clone();
    for (int i = 0; i < n; i++) {
      boolean leaf = feature[i] < 0;
      if (leaf ? left[i] != -1 || right[i] != -1 || !Double.isFinite(value[i])
          : left[i] <= i || right[i] <= i || left[i] >= n || right[i] >= n || !Double.isFinite(threshold[i])) {
        throw new IllegalArgumentException("tree node " + i + " is neither a leaf with a finite value nor a split"
            + " with a finite threshold and two later children");
      }
    }
  }

  @Override public int[] feature() { return feature.clone(); }

  @Override public double[] threshold() { return threshold.clone(); }

  @Override public int[] left() { return left.clone(); }

  @Override public int[] right() { return right.clone(); }

  @Override public double[] value() { return value.clone(); }

  /** Number of nodes. */
  public int size() {
    return feature.length;
  }

  /** Whether node {@code i} is a leaf. */
  public boolean leaf(int i) {
    return feature[i] < 0;
  }

  /** The prediction for one row. */
  public double predict(double[] x) {
    int i = 0;
    while (!leaf(i)) {
      i = x[feature[i]] <= threshold[i] ? left[i] : right[i];
    }
    return value[i];
  }

  @Override public boolean equals(Object o) {
    return o instanceof Tree t && Arrays.equals(feature, t.feature) && Arrays.equals(threshold, t.threshold)
        && Arrays.equals(left, t.left) && Arrays.equals(right, t.right) && Arrays.equals(value, t.value);
  }

  @Override public int hashCode() {
    return Arrays.hashCode(feature) * 31 + Arrays.hashCode(threshold);
  }

  @Override public String toString() {
    return "Tree[" + size() + " nodes]";
  }
}
