#!/bin/sh
# planx over a folder of documents as a Slurm job array, one task per shard, then a merge
# that waits for all of them:
#
#   jid=$(sbatch --parsable --array=0-7 slurm-array.sh)
#   sbatch --dependency=afterok:$jid --export=ALL,PLANX_STEP=merge slurm-array.sh
#
# INPUT and OUTPUT are paths every node sees (a shared filesystem). Exit code 1 of planx
# means "some documents failed" (listed in the manifest): the task still succeeds, so that
# the merge runs and reports them. tests/shards.rs runs this script.
#SBATCH --job-name=planx
#SBATCH --cpus-per-task=2
#SBATCH --mem=2G
#SBATCH --time=12:00:00
set -u
INPUT=${INPUT:-/shared/documents}
OUTPUT=${OUTPUT:-/shared/planx-out}
PLANX=${PLANX:-planx}
if [ "${PLANX_STEP:-shard}" = merge ]; then
    "$PLANX" merge "$OUTPUT"/shard-* --out "$OUTPUT/merged"
else
    "$PLANX" extract "$INPUT" --shard "$SLURM_ARRAY_TASK_ID/$SLURM_ARRAY_TASK_COUNT" \
        --out "$OUTPUT/shard-$SLURM_ARRAY_TASK_ID" --jobs "${SLURM_CPUS_PER_TASK:-1}" --quiet
fi
status=$?
[ "$status" -le 1 ] || exit "$status"
