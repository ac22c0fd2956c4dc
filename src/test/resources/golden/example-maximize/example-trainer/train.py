#!/usr/bin/env python3
"""Example trainer bundled with hbgen.

Multinomial logistic regression on the Fisher iris data, trained with
per-sample (or mini-batch) gradient descent and scored by repeated
stratified k-fold cross-validation.  Pure Python 3 standard library.

Usage: python3 train.py CONFIG_FILE BUDGET

  CONFIG_FILE  JSON map of hyper-parameters (see README.md)
  BUDGET       number of epochs ("3", "3.0" and "2.5" are accepted;
               the value is rounded down, minimum 1)

Environment:
  HB_RESULT      where to write the result map
                 (default: <dir of CONFIG_FILE>/result)
  HB_DIR         where to write checkpoint.json
                 (default: the directory of CONFIG_FILE)
  HB_PARENT_DIR  directory of a previous run of the same configuration
                 with a smaller budget; its checkpoint.json is resumed

Resuming from epoch A to B gives exactly the same result as training from
0 to B in one go: every fold model has its own random.Random whose state is
stored in the checkpoint together with the weights and momentum buffers.
"""

import csv
import json
import math
import os
import random
import sys
import tempfile

PROG = "hbgen-example"
CHECKPOINT_NAME = "checkpoint.json"
CHECKPOINT_FORMAT = 1
CLASSES = ("setosa", "versicolor", "virginica")
FEATURES = ("sepal_length", "sepal_width", "petal_length", "petal_width")
# Largest per-sample loss reported: -log(1e-15), as scikit-learn's log_loss clips.
MAX_SAMPLE_LOSS = -math.log(1e-15)


class ConfigError(Exception):
    pass


# --------------------------------------------------------------------------
# input


def load_iris():
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "iris.csv")
    xs, ys = [], []
    with open(path, newline="") as f:
        for row in csv.DictReader(f):
            xs.append([float(row[name]) for name in FEATURES])
            ys.append(CLASSES.index(row["species"]))
    return xs, ys


def _number(config, key, default=None, kind=float):
    if key not in config:
        if default is None:
            raise ConfigError("missing key '%s'" % key)
        return default
    value = config[key]
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ConfigError("'%s' must be a number, got %r" % (key, value))
    if kind is int:
        if isinstance(value, float):
            if not value.is_integer():
                raise ConfigError("'%s' must be an integer, got %r" % (key, value))
            value = int(value)
        return value
    value = float(value)
    if not math.isfinite(value):
        raise ConfigError("'%s' must be finite, got %r" % (key, value))
    return value


def _choice(config, key, allowed, default=None):
    if key not in config or (config[key] is None and default is not None):
        if default is None:
            raise ConfigError("missing key '%s'" % key)
        return default
    value = config[key]
    if value not in allowed:
        raise ConfigError("'%s' must be one of %s, got %r"
                          % (key, ", ".join(allowed), value))
    return value


def parse_config(path):
    try:
        with open(path, encoding="utf-8") as f:
            raw = json.load(f)
    except OSError as e:
        raise ConfigError("cannot read config file %s: %s" % (path, e.strerror))
    except ValueError as e:
        raise ConfigError("config file %s is not valid JSON: %s" % (path, e))
    if not isinstance(raw, dict):
        raise ConfigError("config file %s must hold a JSON map" % path)
    hp = {
        "learning_rate": _number(raw, "learning_rate"),
        "C": _number(raw, "C"),
        "optimizer": _choice(raw, "optimizer", ("sgd", "momentum")),
        "penalty": _choice(raw, "penalty", ("l1", "l2"), default="l2"),
        "seed": _number(raw, "seed", kind=int),
        "folds": _number(raw, "folds", 10, kind=int),
        "repetitions": _number(raw, "repetitions", 1, kind=int),
        "momentum": _number(raw, "momentum", 0.9),
        "cv_seed": _number(raw, "cv_seed", 0, kind=int),
        "batch_size": _number(raw, "batch_size", 1, kind=int),
    }
    if hp["learning_rate"] <= 0:
        raise ConfigError("'learning_rate' must be > 0")
    if hp["C"] <= 0:
        raise ConfigError("'C' must be > 0")
    if not 0 <= hp["momentum"] < 1:
        raise ConfigError("'momentum' must be in [0, 1)")
    if hp["repetitions"] < 1:
        raise ConfigError("'repetitions' must be >= 1")
    if hp["batch_size"] < 1:
        raise ConfigError("'batch_size' must be >= 1")
    return hp


def parse_budget(text):
    try:
        value = float(text)
    except ValueError:
        raise ConfigError("BUDGET must be a number, got %r" % text)
    if not math.isfinite(value):
        raise ConfigError("BUDGET must be finite, got %r" % text)
    return max(1, int(math.floor(value)))


# --------------------------------------------------------------------------
# cross-validation splits


def stratified_splits(ys, folds, repetitions, cv_seed):
    """List of (train_indices, validation_indices), repetition-major.

    Each class is shuffled and dealt round-robin to the folds; the deal
    continues across classes so that fold sizes differ by at most one.
    folds == 1 means: train on all data and evaluate on it.
    """
    n = len(ys)
    if folds == 1:
        everything = list(range(n))
        return [(everything, everything) for _ in range(repetitions)]
    by_class = {}
    for i, y in enumerate(ys):
        by_class.setdefault(y, []).append(i)
    splits = []
    for rep in range(repetitions):
        rng = random.Random("cv:%d:%d" % (cv_seed, rep))
        fold_of = [0] * n
        position = 0
        for label in sorted(by_class):
            members = list(by_class[label])
            rng.shuffle(members)
            for i in members:
                fold_of[i] = position % folds
                position += 1
        for k in range(folds):
            train = [i for i in range(n) if fold_of[i] != k]
            valid = [i for i in range(n) if fold_of[i] == k]
            splits.append((train, valid))
    return splits


def standardize(xs, train):
    d = len(xs[0])
    m = len(train)
    mean = [sum(xs[i][j] for i in train) / m for j in range(d)]
    std = []
    for j in range(d):
        var = sum((xs[i][j] - mean[j]) ** 2 for i in train) / m
        std.append(math.sqrt(var) if var > 0 else 1.0)
    return [[(x[j] - mean[j]) / std[j] for j in range(d)] for x in xs]


# --------------------------------------------------------------------------
# model


def new_model(hp, rep, fold, n_features, n_classes):
    rng = random.Random("model:%d:%d:%d" % (hp["seed"], rep, fold))
    return {
        "w": [[0.0] * n_features for _ in range(n_classes)],
        "b": [0.0] * n_classes,
        "vw": [[0.0] * n_features for _ in range(n_classes)],
        "vb": [0.0] * n_classes,
        "rng": rng,
    }


def logits(w, b, x):
    return [bk + sum(wkj * xj for wkj, xj in zip(wk, x)) for wk, bk in zip(w, b)]


def log_softmax(z):
    top = max(z)
    lse = top + math.log(sum(math.exp(zk - top) for zk in z))
    return [zk - lse for zk in z]


def train_epochs(model, xs, ys, train, epochs, hp):
    """Trains `model` in place for `epochs` epochs on the indices `train`."""
    w, b, vw, vb, rng = model["w"], model["b"], model["vw"], model["vb"], model["rng"]
    n_classes = len(b)
    n_features = len(w[0])
    lr = hp["learning_rate"]
    lam = 1.0 / (hp["C"] * len(train))
    shrink = lr * lam
    l1 = hp["penalty"] == "l1"
    use_momentum = hp["optimizer"] == "momentum"
    mu = hp["momentum"]
    batch = hp["batch_size"]
    classes = range(n_classes)
    features = range(n_features)
    for _ in range(epochs):
        order = list(train)
        rng.shuffle(order)
        for start in range(0, len(order), batch):
            chunk = order[start:start + batch]
            gw = [[0.0] * n_features for _ in classes]
            gb = [0.0] * n_classes
            for i in chunk:
                x = xs[i]
                lp = log_softmax(logits(w, b, x))
                y = ys[i]
                for k in classes:
                    g = math.exp(lp[k]) - (1.0 if k == y else 0.0)
                    gb[k] += g
                    gwk = gw[k]
                    for j in features:
                        gwk[j] += g * x[j]
            scale = 1.0 / len(chunk)
            for k in classes:
                wk, gwk = w[k], gw[k]
                if use_momentum:
                    vb[k] = mu * vb[k] + gb[k] * scale
                    b[k] -= lr * vb[k]
                    vwk = vw[k]
                    for j in features:
                        vwk[j] = mu * vwk[j] + gwk[j] * scale
                        wk[j] -= lr * vwk[j]
                else:
                    b[k] -= lr * gb[k] * scale
                    for j in features:
                        wk[j] -= lr * gwk[j] * scale
                # penalty (bias not penalized): proximal steps, stable for any lr
                if l1:
                    for j in features:
                        v = wk[j]
                        if v > shrink:
                            wk[j] = v - shrink
                        elif v < -shrink:
                            wk[j] = v + shrink
                        else:
                            wk[j] = 0.0
                else:
                    for j in features:
                        wk[j] = wk[j] / (1.0 + shrink)


def evaluate(model, xs, ys, valid):
    correct = 0
    loss = 0.0
    for i in valid:
        lp = log_softmax(logits(model["w"], model["b"], xs[i]))
        best = max(range(len(lp)), key=lambda k: lp[k])
        if best == ys[i]:
            correct += 1
        loss += min(-lp[ys[i]], MAX_SAMPLE_LOSS)
    return correct / len(valid), loss / len(valid)


# --------------------------------------------------------------------------
# checkpoints


def rng_state_to_json(rng):
    version, internal, gauss_next = rng.getstate()
    return [version, list(internal), gauss_next]


def rng_state_from_json(state):
    version, internal, gauss_next = state
    rng = random.Random()
    rng.setstate((version, tuple(internal), gauss_next))
    return rng


def _umask():
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def write_atomically(path, text):
    directory = os.path.dirname(os.path.abspath(path))
    os.makedirs(directory, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix="." + os.path.basename(path) + ".",
                               suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp creates 0600 files
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def save_checkpoint(directory, hp, epochs_done, models):
    data = {
        "format": CHECKPOINT_FORMAT,
        "hyperparameters": hp,
        "epochs_done": epochs_done,
        "models": [
            {
                "w": m["w"],
                "b": m["b"],
                "vw": m["vw"],
                "vb": m["vb"],
                "rng_state": rng_state_to_json(m["rng"]),
            }
            for m in models
        ],
    }
    write_atomically(os.path.join(directory, CHECKPOINT_NAME),
                     json.dumps(data, separators=(",", ":")) + "\n")


def load_checkpoint(parent_dir, hp, budget, n_models, n_features, n_classes):
    """Returns (epochs_done, models), or (None, reason) if not usable."""
    path = os.path.join(parent_dir, CHECKPOINT_NAME)
    if not os.path.isfile(path):
        return None, "no %s in %s" % (CHECKPOINT_NAME, parent_dir)
    try:
        with open(path, encoding="utf-8") as f:
            data = json.load(f)
        if data.get("format") != CHECKPOINT_FORMAT:
            return None, "unknown checkpoint format %r" % data.get("format")
        if data.get("hyperparameters") != hp:
            return None, "checkpoint has different hyper-parameters"
        done = data["epochs_done"]
        if not isinstance(done, int) or isinstance(done, bool) or done < 0:
            return None, "bad epochs_done %r" % done
        if done > budget:
            return None, "checkpoint has %d epochs, more than the budget %d" % (done, budget)
        stored = data["models"]
        if len(stored) != n_models:
            return None, "checkpoint has %d models, expected %d" % (len(stored), n_models)
        models = []
        for s in stored:
            m = {
                "w": [[float(v) for v in row] for row in s["w"]],
                "b": [float(v) for v in s["b"]],
                "vw": [[float(v) for v in row] for row in s["vw"]],
                "vb": [float(v) for v in s["vb"]],
                "rng": rng_state_from_json(s["rng_state"]),
            }
            if (len(m["w"]) != n_classes or len(m["b"]) != n_classes
                    or len(m["vw"]) != n_classes or len(m["vb"]) != n_classes
                    or any(len(r) != n_features for r in m["w"] + m["vw"])):
                return None, "checkpoint models have the wrong shape"
            models.append(m)
        return done, models
    except (OSError, ValueError, KeyError, TypeError, IndexError, AttributeError) as e:
        return None, "cannot read %s: %s" % (path, e)


# --------------------------------------------------------------------------
# main


def run(config_path, budget_text):
    hp = parse_config(config_path)
    budget = parse_budget(budget_text)
    xs, ys = load_iris()
    smallest_class = min(ys.count(c) for c in set(ys))
    if not 1 <= hp["folds"] <= smallest_class:
        raise ConfigError("'folds' must be between 1 and %d" % smallest_class)

    config_dir = os.path.dirname(os.path.abspath(config_path))
    result_path = os.environ.get("HB_RESULT") or os.path.join(config_dir, "result")
    out_dir = os.environ.get("HB_DIR") or config_dir
    parent_dir = os.environ.get("HB_PARENT_DIR") or ""

    n_classes, n_features = len(CLASSES), len(FEATURES)
    splits = stratified_splits(ys, hp["folds"], hp["repetitions"], hp["cv_seed"])
    print("%s: %s" % (PROG, json.dumps(hp, sort_keys=True)))
    print("%s: %d repetition(s) x %d fold(s), budget %d epoch(s)"
          % (PROG, hp["repetitions"], hp["folds"], budget))

    start, models = 0, None
    if parent_dir:
        done, loaded = load_checkpoint(parent_dir, hp, budget, len(splits),
                                       n_features, n_classes)
        if done is None:
            print("%s: cannot resume from %s (%s); training from scratch"
                  % (PROG, parent_dir, loaded))
        else:
            start, models = done, loaded
            print("%s: resuming from %s at epoch %d"
                  % (PROG, os.path.join(parent_dir, CHECKPOINT_NAME), done))
    if models is None:
        models = [new_model(hp, index // hp["folds"], index % hp["folds"],
                            n_features, n_classes)
                  for index in range(len(splits))]

    accuracies, losses = [], []
    for model, (train, valid) in zip(models, splits):
        zs = standardize(xs, train)
        train_epochs(model, zs, ys, train, budget - start, hp)
        accuracy, loss = evaluate(model, zs, ys, valid)
        accuracies.append(accuracy)
        losses.append(loss)
    print("%s: trained %d epochs (from %d to %d)" % (PROG, budget - start, start, budget))

    save_checkpoint(out_dir, hp, budget, models)
    result = {"accuracy": sum(accuracies) / len(accuracies),
              "loss": sum(losses) / len(losses)}
    write_atomically(result_path, json.dumps(result) + "\n")
    print("%s: accuracy %.4f, loss %.4f -> %s"
          % (PROG, result["accuracy"], result["loss"], result_path))


def main(argv):
    if len(argv) != 3:
        sys.stderr.write("usage: python3 train.py CONFIG_FILE BUDGET\n")
        return 1
    try:
        run(argv[1], argv[2])
    except ConfigError as e:
        sys.stderr.write("%s: error: %s\n" % (PROG, e))
        return 1
    except OSError as e:
        sys.stderr.write("%s: error: %s\n" % (PROG, e))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
