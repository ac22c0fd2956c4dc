package hbgen.importance;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.MutableDataset;
import org.tribuo.common.tree.LeafNode;
import org.tribuo.common.tree.Node;
import org.tribuo.common.tree.SplitNode;
import org.tribuo.common.tree.TreeModel;
import org.tribuo.dataset.DatasetView;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;
import org.tribuo.regression.RegressionFactory;
import org.tribuo.regression.Regressor;
import org.tribuo.regression.rtree.CARTRegressionTrainer;
import org.tribuo.regression.rtree.IndependentRegressionTreeModel;
import org.tribuo.regression.rtree.impurity.MeanSquaredError;

/**
 * A random forest of Tribuo's CART regression trees (Oracle Labs, Apache-2.0), bagged here so that
 * the bootstrap samples come from one seeded generator: the only class that knows Tribuo.
 * Tribuo's rule at a split is {@code x > split ? greaterThan : lessThanOrEqual} with the split
 * half-way between adjacent values, as scikit-learn's; a node is split when it holds at least
 * {@code minSamplesSplit} rows (Tribuo's {@code minChildWeight} is tested on the node), so every
 * leaf holds at least one row.
 */
public final class TribuoForest implements Forest {
  private static final String TARGET = "y";
  /**
   * Tribuo's trainers log at INFO through java.util.logging, which prints on stderr; held here
   * because the log manager keeps loggers only weakly, and a collected logger forgets its level.
   */
  private static final Logger TRIBUO = Logger.getLogger("org.tribuo");
  private final Settings settings;

  public TribuoForest(Settings settings) {
    this.settings = settings;
  }

  @Override public List<Tree> fit(double[][] x, double[] y, long seed) {
    TRIBUO.setLevel(Level.WARNING);
    if (x.length == 0 || x.length != y.length) {
      throw new IllegalArgumentException("a forest needs as many targets as rows (at least one), had "
          + x.length + " rows and " + y.length + " targets");
    }
    int columns = x[0].length;
    String[] names = new String[columns];
    for (int d = 0; d < columns; d++) {
      names[d] = name(d);
    }
    RegressionFactory factory = new RegressionFactory();
    MutableDataset<Regressor> data = new MutableDataset<>(new SimpleDataSourceProvenance("trials", factory), factory);
    for (int r = 0; r < x.length; r++) {
      // Every column is given, zeros included: Tribuo reads an absent feature as 0 anyway.
      data.add(new ArrayExample<>(new Regressor(TARGET, y[r]), names, x[r].clone()));
    }
    ImmutableFeatureMap features = data.getFeatureIDMap();
    SplittableRandom rng = new SplittableRandom(seed);
    List<Tree> out = new ArrayList<>();
    for (int t = 0; t < settings.trees(); t++) {
      int[] rows = new int[x.length];
      for (int i = 0; i < rows.length; i++) {
        rows[i] = rng.nextInt(x.length);
      }
      DatasetView<Regressor> sample = new DatasetView<>(data, rows, features, data.getOutputIDInfo(), "bootstrap-" + t);
      CARTRegressionTrainer cart = new CARTRegressionTrainer(settings.maxDepth(), settings.minSamplesSplit(), 0f, 1f,
          false, new MeanSquaredError(), rng.nextLong());
      TreeModel<Regressor> model = cart.train(sample);
      Node<Regressor> root = model instanceof IndependentRegressionTreeModel m ? m.getRoots().get(TARGET) : null;
      if (root == null) {
        throw new IllegalStateException("Tribuo returned a tree of an unexpected shape: " + model.getClass().getName());
      }
      out.add(flatten(root, model.getFeatureIDMap()));
    }
    return List.copyOf(out);
  }

  /** Column names that sort in column order, though the tree is read back by name. */
  private static String name(int column) {
    return String.format("c%06d", column);
  }

  private static Tree flatten(Node<Regressor> root, ImmutableFeatureMap features) {
    List<Node<Regressor>> order = new ArrayList<>();
    List<int[]> links = new ArrayList<>();
    preOrder(root, order, links);
    int n = order.size();
    int[] feature = new int[n];
    double[] threshold = new double[n];
    int[] left = new int[n];
    int[] right = new int[n];
    double[] value = new double[n];
    for (int i = 0; i < n; i++) {
      Node<Regressor> node = order.get(i);
      if (node instanceof SplitNode<Regressor> s) {
        feature[i] = Integer.parseInt(features.get(s.getFeatureID()).getName().substring(1));
        threshold[i] = s.splitValue();
        left[i] = links.get(i)[0];
        right[i] = links.get(i)[1];
      } else if (node instanceof LeafNode<Regressor> leaf) {
        feature[i] = -1;
        left[i] = -1;
        right[i] = -1;
        value[i] = leaf.getOutput().getValues()[0];
      } else {
        throw new IllegalStateException("Tribuo returned a node of an unexpected kind: " + node.getClass().getName());
      }
    }
    return new Tree(feature, threshold, left, right, value);
  }

  /** Appends {@code node}'s subtree in pre-order; {@code links} gets each node's children's positions. */
  private static int preOrder(Node<Regressor> node, List<Node<Regressor>> order, List<int[]> links) {
    int at = order.size();
    order.add(node);
    int[] children = {-1, -1};
    links.add(children);
    if (node instanceof SplitNode<Regressor> s) {
      children[0] = preOrder(s.getLessThanOrEqual(), order, links);
      children[1] = preOrder(s.getGreaterThan(), order, links);
    }
    return at;
  }
}
