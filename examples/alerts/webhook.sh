#!/bin/sh
# on_status_change_command = "/usr/local/lib/gitops-agent/alert-webhook.sh"
# Posts one JSON message per status change to a chat or incident webhook (Slack, Mattermost, Teams, ntfy, …).
# The agent runs it once per change, never per pass, with a timeout (command_timeout); it must not wait for input.
# ALERT_WEBHOOK_URL comes from a root-only file, so the URL (which often is the secret) is not in the agent config.
set -eu
. /etc/gitops-agent/alert.env            # ALERT_WEBHOOK_URL=https://hooks.example.com/services/…
text="${GITOPS_DEVICE}/${GITOPS_APP}: ${GITOPS_OLD_STATUS:-new} -> ${GITOPS_NEW_STATUS} at ${GITOPS_COMMIT:-?}"
[ -n "${GITOPS_ERROR:-}" ] && text="${text}: ${GITOPS_ERROR}"
# JSON-escape backslashes, quotes and newlines with sed, so the script needs nothing but curl.
escaped=$(printf '%s' "$text" | sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' | sed -e ':a' -e 'N' -e '$!ba' -e 's/\n/\\n/g')
curl --silent --show-error --fail --max-time 10 -H 'Content-Type: application/json' \
  --data "{\"text\": \"${escaped}\"}" "$ALERT_WEBHOOK_URL"
