<#-- Conda environment of the train jobs, used only with snakemake --use-conda. No model. -->
# Conda environment of the Snakefile's train jobs, used only when Snakemake runs with
# --use-conda. run.sh needs bash and coreutils; add what your trainer needs (python, numpy, ...).
channels:
  - conda-forge
dependencies:
  - bash
  - coreutils
