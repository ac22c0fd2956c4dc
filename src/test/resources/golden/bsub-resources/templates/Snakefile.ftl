<#-- Snakefile of a search. Model: version, brackets (index, stages: configs, budget). Wildcard
     rules only, so the file's size does not grow with the search. -->
# Search written by hbgen ${version} (settings in hbgen.yaml). Run it from any directory:
#   snakemake --snakefile path/to/this/Snakefile -j 100
# "train" runs one trial through run.sh (a shell job: no Snakemake process per trial); its
# declared output is the marker "done", which Snakemake touches when the job ends: the trial's
# result is run.sh's, so Snakemake never deletes it, and run.sh does not train a trial again
# that already has a valid result.
# "promote" fills a stage from the one before it and "best" writes best.yaml and config when
# every bracket is done: both run hbgen itself on this machine, the hbgen that wrote the search
# (recorded in hbgen_workflow.py) or the command in $HBGEN.
import os
import sys

from snakemake.exceptions import WorkflowError

sys.path.insert(0, os.path.abspath(workflow.basedir))
import hbgen_workflow as hb

# One engine per search: refuse to start while `hbgen run` runs it, and keep it from starting
# while this Snakemake runs (hbgen run refuses a search whose lock is shared).
BUSY = hb.hold_search(os.path.abspath(workflow.basedir))
if BUSY:
    raise WorkflowError(BUSY)

workdir: os.path.abspath(workflow.basedir)

# bracket -> [(configuration slots, budget), ...], one pair per stage
PLAN = {
<#list brackets as b>
    ${b.index}: [<#list b.stages as s>(${s.configs}, ${py(s.budget)})<#sep>, </#sep></#list>],
</#list>
}
hb.setup(PLAN)

wildcard_constraints:
    b="[0-9][0-9]*",
    s="[0-9][0-9]*",
    c="[0-9][0-9]*",

localrules: all, promote, best


rule all:
    input:
        "best.yaml",


rule train:
    input:
        hb.train_input,
    output:
        touch("bracket-{b}/stage-{s}/config-{c}/done"),
    # Snakemake deletes a job's log before it runs: this one holds only what run.sh itself
    # reports; the trainer's output goes to the trial's own "log", which run.sh keeps.
    log:
        "bracket-{b}/stage-{s}/config-{c}/snakemake.log",
    params:
        budget=hb.budget,
    # Used with --use-conda (Snakemake 8: --sdm conda) only: add your trainer's dependencies to envs/trial.yaml.
    conda:
        "envs/trial.yaml"
    shell:
        "bash run.sh bracket-{wildcards.b}/stage-{wildcards.s}/config-{wildcards.c} {params.budget} 2>{log}"


rule promote:
    input:
        hb.promote_input,
    output:
        "bracket-{b}/stage-{s}/promotion.yaml",
    log:
        "bracket-{b}/stage-{s}/promotion.log",
    run:
        hb.promote(wildcards, log)


rule best:
    input:
        hb.final_input(),
    output:
        "best.yaml",
        "config",
    log:
        "best.log",
    run:
        hb.best(log)
