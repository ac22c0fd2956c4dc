<#-- Snakefile of a search. Model: version, brackets (index, stages: configs, budget), objective,
     maximize. Wildcard rules only, so the file's size does not grow with the search. -->
# Search written by hbgen ${version} (settings in hbgen.yaml). Run it from any directory:
#   snakemake --snakefile path/to/this/Snakefile -j 100
# "train" runs one trial through run.sh (a shell job: no Snakemake process per trial);
# "promote" fills a stage from the one before it;
# "best" writes best.yaml and config when every bracket is done. Both run on this machine.
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
OBJECTIVE = ${py(objective)}
MAXIMIZE = ${py(maximize)}
hb.setup(PLAN, OBJECTIVE, MAXIMIZE)

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
        "bracket-{b}/stage-{s}/config-{c}/result",
    log:
        "bracket-{b}/stage-{s}/config-{c}/log",
    params:
        budget=hb.budget,
    # Used with --use-conda only: add your trainer's dependencies to envs/trial.yaml.
    conda:
        "envs/trial.yaml"
    shell:
        "bash run.sh bracket-{wildcards.b}/stage-{wildcards.s}/config-{wildcards.c} {params.budget}"


rule promote:
    input:
        hb.promote_input,
    output:
        "bracket-{b}/stage-{s}/promotion.yaml",
    log:
        "bracket-{b}/stage-{s}/promotion.log",
    run:
        hb.promote(wildcards)


rule best:
    input:
        hb.final_results(),
    output:
        "best.yaml",
        "config",
    log:
        "best.log",
    run:
        hb.best()
