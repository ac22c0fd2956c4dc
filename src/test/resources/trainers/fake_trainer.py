"""A trainer for tests: behaves as the config's `mode` says and records what it saw."""
import json
import os
import sys

config_path, budget = sys.argv[1], float(sys.argv[2])
with open(config_path, encoding="utf-8") as f:
    cfg = json.load(f)
seen = {
    "argv": sys.argv[1:],
    "cwd": os.getcwd(),
    "env": {k: v for k, v in os.environ.items() if k.startswith("HB_") or k == "CUDA_VISIBLE_DEVICES"},
    "config": cfg,
}
with open(os.path.join(os.environ["HB_DIR"], "seen.json"), "w", encoding="utf-8") as f:
    json.dump(seen, f, sort_keys=True)
with open(os.path.join(os.environ["HB_ROOT"], "invocations.log"), "a", encoding="utf-8") as f:
    f.write(os.environ["HB_DIR"] + "\n")
mode = cfg.get("mode", "ok")
print("fake trainer: mode", mode, "budget", budget)
if mode == "exit3":
    sys.exit(3)
if mode == "noresult":
    sys.exit(0)
result = os.environ["HB_RESULT"]
with open(result, "w", encoding="utf-8") as f:
    if mode == "garbage":
        f.write("loss: low\n")
    elif mode == "nan":
        f.write("{loss: nan, accuracy: 0.5}\n")
    elif mode == "number":
        f.write("%r\n" % (cfg.get("x", 0.5) / budget))
    else:
        loss = cfg.get("x", 0.5) / budget
        f.write(json.dumps({"loss": loss, "accuracy": 1 - loss}) + "\n")
