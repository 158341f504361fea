#!/usr/bin/env bash
# Creates a scratch org with the Kazoo softphone package, ready for an agent to take calls:
# builds the softphone bundle, deploys force-app, assigns the permission sets, creates the
# CallDataUpdates PushTopic, maps the current user to a PBX user and adds them to the Call Center,
# imports sample Contacts/Leads/Accounts with phone numbers, and runs the Apex tests.
#
# Needs a Dev Hub you are logged in to (sf org login web --set-default-dev-hub) and network access.
# Usage: scripts/setup-scratch-org.sh [--alias NAME] [--days N] [--pbx-user-id ID] [--extension EXT] [--skip-tests]
set -euo pipefail
cd "$(dirname "$0")/.."

ALIAS="kazoo-cti"
DAYS=7
# The local stack's first PBX user (devstack/kazoo/directory.ts), so the org and `npm start` agree.
PBX_USER_ID="a1f3c2e4b5d6478899aabbccddeeff01"
EXTENSION="101"
RUN_TESTS=true
CALL_CENTER="KazooSoftphone"

while [ $# -gt 0 ]; do
  case "$1" in
    --alias) ALIAS="$2"; shift 2 ;;
    --days) DAYS="$2"; shift 2 ;;
    --pbx-user-id) PBX_USER_ID="$2"; shift 2 ;;
    --extension) EXTENSION="$2"; shift 2 ;;
    --skip-tests) RUN_TESTS=false; shift ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    *) echo "Unknown option: $1" >&2; exit 2 ;;
  esac
done

export SF_DISABLE_TELEMETRY=true SF_DISABLE_AUTOUPDATE=true SF_AUTOUPDATE_DISABLE=true SF_SKIP_NEW_VERSION_CHECK=true
sf() { npx --no-install sf "$@"; }
# Reads one value out of a `--json` answer: json_field '<json>' 'result.id'
json_field() { node -e 'let v = JSON.parse(process.argv[1]); for (const k of process.argv[2].split(".")) v = v?.[k]; process.stdout.write(String(v ?? ""));' "$1" "$2"; }
step() { printf '\n==> %s\n' "$*"; }

step "Creating scratch org '$ALIAS' for $DAYS days"
sf org create scratch --definition-file config/project-scratch-def.json --alias "$ALIAS" \
  --duration-days "$DAYS" --set-default --wait 20

step "Building the softphone bundle (static resources softphoneBundle and cometd)"
npm run build

step "Deploying force-app"
sf project deploy start --source-dir force-app --target-org "$ALIAS" --wait 30

step "Assigning permission sets Softphone_Agent and Telephony_Admin to the current user"
sf org assign permset --name Softphone_Agent --name Telephony_Admin --target-org "$ALIAS"

step "Creating the CallDataUpdates PushTopic"
sf apex run --file scripts/apex/create-pushtopic.apex --target-org "$ALIAS"

step "Mapping the current user to PBX user $PBX_USER_ID (extension $EXTENSION) and adding them to the Call Center"
ORG_JSON="$(sf org display --target-org "$ALIAS" --json)"
USERNAME="$(json_field "$ORG_JSON" result.username)"
USER_JSON="$(sf data query --query "SELECT Id FROM User WHERE Username = '$USERNAME'" --target-org "$ALIAS" --json)"
USER_ID="$(json_field "$USER_JSON" result.records.0.Id)"
CC_JSON="$(sf data query --query "SELECT Id FROM CallCenter WHERE InternalName = '$CALL_CENTER'" --target-org "$ALIAS" --json)"
CALL_CENTER_ID="$(json_field "$CC_JSON" result.records.0.Id)"
if [ -z "$USER_ID" ] || [ -z "$CALL_CENTER_ID" ]; then
  echo "Could not find the user ($USERNAME) or the Call Center $CALL_CENTER in the org." >&2
  exit 1
fi
sf data update record --sobject User --record-id "$USER_ID" --target-org "$ALIAS" \
  --values "PbxUserId__c='$PBX_USER_ID' PbxExtension__c='$EXTENSION' CallCenterId='$CALL_CENTER_ID'"

step "Importing sample Accounts, Contacts and Leads with phone numbers"
sf data import tree --plan config/sample-data/sample-data-plan.json --target-org "$ALIAS"

if [ "$RUN_TESTS" = true ]; then
  step "Running the Apex tests"
  sf apex run test --test-level RunLocalTests --code-coverage --result-format human --wait 30 --target-org "$ALIAS"
fi

cat <<DONE

Scratch org '$ALIAS' is ready. Still to do by hand (secrets and hosts are never in the package):
  1. Setup > Named Credentials > Telephony_Adapter: set the URL to your adapter (https://...).
  2. Setup > Named Credentials > External Credentials > Telephony_Adapter > principal AdapterApiKey:
     add the authentication parameter ApiKey with the tenant's adapter API key.
  3. Setup > Trusted URLs > Telephony_Adapter_Media: set your adapter's host and activate it (recordings).
  4. App Manager > your Lightning app > Utility Items > add "Open CTI Softphone".
Open the org with: npx sf org open --target-org $ALIAS
DONE
