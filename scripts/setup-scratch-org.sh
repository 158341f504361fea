#!/usr/bin/env bash
# Creates a scratch org with the Kazoo softphone (unpackaged source, as a developer works), in this order:
#   1. create the scratch org   2. build the softphone bundle   3. deploy force-app and unpackaged/
#   4. assign Softphone_Agent and Telephony_Admin to you   5. run the Apex tests (before any PushTopic exists)
#   6. create the CallDataUpdates PushTopic   7. users: map you to a PBX user and the call center, create the
#      adapter's integration user with Telephony_Integration   8. import sample Contacts, Leads and Accounts.
#
# Needs a Dev Hub you are logged in to (sf org login web --set-default-dev-hub) and network access.
# Usage: scripts/setup-scratch-org.sh [--alias NAME] [--days N] [--pbx-user-id ID] [--extension EXT] [--skip-tests]
#                                     [--namespaced]   (use the namespace of sfdx-project.json; it must be linked
#                                                       to your Dev Hub)
set -euo pipefail
cd "$(dirname "$0")/.."

ALIAS="kazoo-cti"
DAYS=7
# The local stack's first PBX user (devstack/kazoo/directory.ts), so the org and `npm start` agree.
PBX_USER_ID="a1f3c2e4b5d6478899aabbccddeeff01"
EXTENSION="101"
RUN_TESTS=true
NAMESPACE_FLAG="--no-namespace"
CALL_CENTER="KazooSoftphone"

while [ $# -gt 0 ]; do
  case "$1" in
    --alias) ALIAS="$2"; shift 2 ;;
    --days) DAYS="$2"; shift 2 ;;
    --pbx-user-id) PBX_USER_ID="$2"; shift 2 ;;
    --extension) EXTENSION="$2"; shift 2 ;;
    --skip-tests) RUN_TESTS=false; shift ;;
    --namespaced) NAMESPACE_FLAG=""; shift ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) echo "Unknown option: $1" >&2; exit 2 ;;
  esac
done

export SF_DISABLE_TELEMETRY=true SF_DISABLE_AUTOUPDATE=true SF_AUTOUPDATE_DISABLE=true SF_SKIP_NEW_VERSION_CHECK=true
sf() { npx --no-install sf "$@"; }
# Reads one value out of a `--json` answer: json_field '<json>' 'result.id'
json_field() { node -e 'let v = JSON.parse(process.argv[1]); for (const k of process.argv[2].split(".")) v = v?.[k]; process.stdout.write(String(v ?? ""));' "$1" "$2"; }
step() { printf '\n==> %s\n' "$*"; }

step "1. Creating scratch org '$ALIAS' for $DAYS days"
# shellcheck disable=SC2086 # NAMESPACE_FLAG is one flag or nothing
sf org create scratch --definition-file config/project-scratch-def.json --alias "$ALIAS" \
  --duration-days "$DAYS" --set-default --wait 20 $NAMESPACE_FLAG

step "2. Building the softphone bundle (static resources softphoneBundle and cometd)"
npm run build
node scripts/checks/bundle-built.mjs

step "3. Deploying force-app (the package) and unpackaged/ (the call center)"
sf project deploy start --source-dir force-app --source-dir unpackaged --target-org "$ALIAS" --wait 30

step "4. Assigning permission sets Softphone_Agent and Telephony_Admin to the current user"
sf org assign permset --name Softphone_Agent --name Telephony_Admin --target-org "$ALIAS"

if [ "$RUN_TESTS" = true ]; then
  # Before the PushTopic exists, as in a fresh install (PushTopic names are unique in the org).
  step "5. Running the Apex tests"
  sf apex run test --test-level RunLocalTests --code-coverage --result-format human --wait 30 --target-org "$ALIAS"
fi

step "6. Creating the CallDataUpdates PushTopic"
sf apex run --file scripts/apex/create-pushtopic.apex --target-org "$ALIAS"

step "7. Users: mapping you to PBX user $PBX_USER_ID (extension $EXTENSION) and the call center"
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

step "7. Users: creating the adapter's integration user (API only, Telephony_Integration)"
INTEGRATION_STEPS="Create it by hand: Setup > Users > New User, licence Salesforce Integration, profile
  Minimum Access - API Only Integrations; Permission Set License Assignments > Salesforce API Integration;
  Permission Set Assignments > Telephony Integration. The adapter logs in as this user (JWT bearer)."
if ! sf org create user --definition-file config/integration-user-def.json --set-alias "$ALIAS-integration" \
  --target-org "$ALIAS"; then
  echo "The integration user could not be created automatically. $INTEGRATION_STEPS" >&2
  INTEGRATION_USER="(not created: see above)"
else
  INTEGRATION_USER="alias $ALIAS-integration"
fi

step "8. Importing sample Accounts, Contacts and Leads with phone numbers"
sf data import tree --plan config/sample-data/sample-data-plan.json --target-org "$ALIAS"

cat <<DONE

Scratch org '$ALIAS' is ready (integration user: $INTEGRATION_USER). Still to do by hand (secrets and hosts are
never in the package):
  1. Setup > Named Credentials > Telephony_Adapter: set the URL to your adapter (https://...).
  2. Setup > Named Credentials > External Credentials > Telephony_Adapter > principal AdapterApiKey:
     add the authentication parameter ApiKey with the tenant's adapter API key.
  3. Setup > Trusted URLs > Telephony_Adapter_Media: set your adapter's host and activate it (recordings).
  4. Open the Kazoo Telephony app (App Launcher): the softphone is in its utility bar, the setup page is a tab.
Open the org with: npx sf org open --target-org $ALIAS
DONE
