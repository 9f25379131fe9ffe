#!/bin/sh
# on_status_change_command = "/usr/local/lib/gitops-agent/alert-journal.sh"
# Writes each status change to the journal with a priority that matches it, so
#   journalctl -t gitops-agent-alert -p warning
# lists exactly the apps that went bad, and a log shipper can forward them.
set -eu
case "$GITOPS_NEW_STATUS" in
  "✅"*) priority=notice ;;
  *) priority=err ;;
esac
logger --tag gitops-agent-alert --priority "user.${priority}" -- \
  "${GITOPS_DEVICE}/${GITOPS_APP}: '${GITOPS_OLD_STATUS:-new}' -> '${GITOPS_NEW_STATUS}' at ${GITOPS_COMMIT:-?}${GITOPS_ERROR:+: ${GITOPS_ERROR}}"
