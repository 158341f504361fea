// The telephony admin's setup page: what is set up, what is not and how to fix it, the adapter's health, and the
// mapping of Salesforce users to PBX users. All data comes from TelephonyAdminController (Telephony_Admin only).
import { LightningElement } from 'lwc';
import { ShowToastEvent } from 'lightning/platformShowToastEvent';
import getSetupChecks from '@salesforce/apex/TelephonyAdminController.getSetupChecks';
import repairPushTopic from '@salesforce/apex/TelephonyAdminController.repairPushTopic';
import getAdapterHealth from '@salesforce/apex/TelephonyAdminController.getAdapterHealth';
import getUserMappings from '@salesforce/apex/TelephonyAdminController.getUserMappings';
import loadPbxUsers from '@salesforce/apex/TelephonyAdminController.loadPbxUsers';
import saveUserMapping from '@salesforce/apex/TelephonyAdminController.saveUserMapping';

/** The message of an Apex or JavaScript error, as the admin should read it. */
export function errorMessage(error) {
  if (!error) return 'Unknown error.';
  const body = error.body;
  if (body && typeof body.message === 'string') return body.message;
  if (Array.isArray(body) && body[0]?.message) return body[0].message;
  return error.message || String(error);
}

function toRow(mapping) {
  return {
    ...mapping,
    draftPbxUserId: mapping.pbxUserId || '',
    draftExtension: mapping.extension || '',
    suggested: false,
    saving: false,
    rowError: null
  };
}

export default class TelephonyAdminSetup extends LightningElement {
  checks = [];
  health = null;
  rows = [];
  pbxUsers = [];
  error = null;
  loading = true;
  healthLoading = true;
  repairing = false;
  loadingPbx = false;

  connectedCallback() {
    this.refresh();
  }

  get checkItems() {
    return this.checks.map((check) => ({
      ...check,
      statusText: check.ok ? 'OK' : 'Problem',
      iconName: check.ok ? 'utility:success' : 'utility:warning',
      iconVariant: check.ok ? 'success' : 'warning',
      itemClass: `slds-item slds-p-vertical_x-small check check_${check.ok ? 'ok' : 'problem'}`,
      showRepair: check.key === 'pushTopic' && !check.ok
    }));
  }

  get healthStatusText() {
    return this.health?.ok ? 'OK' : 'Problem';
  }

  get healthIconName() {
    return this.health?.ok ? 'utility:success' : 'utility:warning';
  }

  get tenantItems() {
    return (this.health?.tenants || []).map((tenant) => ({
      ...tenant,
      pbxText: tenant.pbxConnected ? `connected (${tenant.pbxStatus})` : `not connected (${tenant.pbxStatus})`,
      lastEventText: tenant.lastEventAt || 'none yet',
      lagText: tenant.eventLagMs == null ? 'unknown' : `${(tenant.eventLagMs / 1000).toFixed(1)} s`,
      salesforceText: tenant.salesforceAuthenticated ? 'authenticated' : `not authenticated: ${tenant.salesforceDetail}`
    }));
  }

  get rowItems() {
    return this.rows.map((row) => ({
      ...row,
      stateText: row.mapped ? 'Mapped' : 'Not mapped',
      stateClass: row.mapped ? 'slds-badge slds-theme_success' : 'slds-badge slds-theme_warning',
      pbxUserIdLabel: `PBX user id of ${row.name}`,
      extensionLabel: `Extension of ${row.name}`,
      saveLabel: row.saving ? 'Saving…' : 'Save',
      saveTitle: `Save the mapping of ${row.name}`
    }));
  }

  get unmappedCount() {
    return this.rows.filter((row) => !row.mapped).length;
  }

  get hasRows() {
    return this.rows.length > 0;
  }

  get pbxUserItems() {
    return this.pbxUsers.map((user) => {
      const mappedTo = this.rows.find((row) => row.mapped && row.pbxUserId === user.pbxUserId);
      return {
        ...user,
        extensionsText: (user.extensions || []).join(', ') || '—',
        mappedToText: mappedTo ? mappedTo.name : 'not mapped'
      };
    });
  }

  get hasPbxUsers() {
    return this.pbxUsers.length > 0;
  }

  async refresh() {
    this.loading = true;
    this.error = null;
    this.loadHealth();
    try {
      const [checks, mappings] = await Promise.all([getSetupChecks(), getUserMappings()]);
      this.checks = checks || [];
      this.rows = (mappings || []).map(toRow);
    } catch (error) {
      this.error = errorMessage(error);
    } finally {
      this.loading = false;
    }
  }

  async loadHealth() {
    this.healthLoading = true;
    try {
      this.health = await getAdapterHealth();
    } catch (error) {
      this.health = { ok: false, detail: errorMessage(error), fix: null, tenants: [] };
    } finally {
      this.healthLoading = false;
    }
  }

  handleRefresh() {
    this.refresh();
  }

  async handleRepairPushTopic() {
    this.repairing = true;
    try {
      const check = await repairPushTopic();
      this.checks = this.checks.map((existing) => (existing.key === check.key ? check : existing));
      this.toast(check.ok ? 'success' : 'warning', 'PushTopic', check.detail);
    } catch (error) {
      this.toast('error', 'PushTopic not repaired', errorMessage(error));
    } finally {
      this.repairing = false;
    }
  }

  async handleLoadPbxUsers() {
    this.loadingPbx = true;
    try {
      this.pbxUsers = (await loadPbxUsers()) || [];
      this.suggestByEmail();
    } catch (error) {
      this.toast('error', 'PBX users not loaded', errorMessage(error));
    } finally {
      this.loadingPbx = false;
    }
  }

  // An unmapped user whose email matches a PBX user's gets that PBX user as a suggestion (saved only on Save).
  suggestByEmail() {
    const byEmail = new Map();
    for (const user of this.pbxUsers) {
      if (user.email) byEmail.set(user.email.toLowerCase(), user);
    }
    this.rows = this.rows.map((row) => {
      const match = !row.mapped && !row.draftPbxUserId && row.email ? byEmail.get(row.email.toLowerCase()) : null;
      if (!match) return row;
      return { ...row, draftPbxUserId: match.pbxUserId, draftExtension: match.extensions?.[0] || '', suggested: true };
    });
  }

  handleDraftChange(event) {
    const { userId, field } = event.target.dataset;
    const value = event.detail.value;
    this.updateRow(userId, { [field]: value, suggested: false, rowError: null });
  }

  async handleSave(event) {
    const userId = event.target.dataset.userId;
    const row = this.rows.find((candidate) => candidate.userId === userId);
    this.updateRow(userId, { saving: true, rowError: null });
    try {
      const saved = await saveUserMapping({
        userId,
        pbxUserId: row.draftPbxUserId,
        extension: row.draftExtension
      });
      this.rows = this.rows.map((candidate) => (candidate.userId === userId ? toRow(saved) : candidate));
      this.toast('success', 'Mapping saved', `${saved.name} is mapped to ${saved.pbxUserId || 'no PBX user'}.`);
    } catch (error) {
      this.updateRow(userId, { saving: false, rowError: errorMessage(error) });
    }
  }

  updateRow(userId, changes) {
    this.rows = this.rows.map((row) => (row.userId === userId ? { ...row, ...changes } : row));
  }

  toast(variant, title, message) {
    this.dispatchEvent(new ShowToastEvent({ variant, title, message }));
  }
}
