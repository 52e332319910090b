// The registry: every command, declared once. Slack, Discord and the console serve this list.
import type { AnyCommand } from "../src/core/command.ts";
import help from "./help.ts";
import rosterImport from "./roster-import.ts";
import rosterRefresh from "./roster-refresh.ts";
import shortlist from "./shortlist.ts";
import creator from "./creator.ts";
import campaignNew from "./campaign-new.ts";
import campaignList from "./campaign-list.ts";
import campaignShow from "./campaign-show.ts";
import campaignEdit from "./campaign-edit.ts";
import campaignAgreement from "./campaign-agreement.ts";
import campaignOpen from "./campaign-open.ts";
import campaignActivate from "./campaign-activate.ts";
import campaignClose from "./campaign-close.ts";
import campaignDelete from "./campaign-delete.ts";
import campaignInvite from "./campaign-invite.ts";
import briefPost from "./brief-post.ts";
import { optinsAdd, optinsApprove, optinsDecline, optinsList } from "./optins.ts";
import { identityConfirm, identityReject } from "./identity.ts";
import { promoGenerate, promoSet } from "./promo.ts";
import spend from "./spend.ts";
import { metricsCampaign, metricsExplain, metricsImport } from "./metrics.ts";
import { digestCancel, digestList, digestNow, digestSchedule } from "./digest.ts";
import { deliverablesAdd, deliverablesApprove, deliverablesList, deliverablesLive, deliverablesRequestChanges } from "./deliverables.ts";
import campaigns from "./campaigns.ts";
import { optin, optout } from "./optin.ts";
import profile from "./profile.ts";
import deliver from "./deliver.ts";
import report from "./report.ts";
import mystatus from "./mystatus.ts";
import { termsAccept, termsShow } from "./terms.ts";
import draft from "./draft.ts";
import { draftsApprove, draftsApproveWithNotes, draftsList, draftsRequestChanges } from "./drafts.ts";
import { payoutsExport, payoutsList, payoutsPay, payoutsTaxForm, payoutsTerms } from "./payouts.ts";
import { pick, productsAdd, productsList, productsShip, received } from "./seeding.ts";
import { rightsAccept, rightsExtend, rightsList } from "./rights.ts";

export const commands: readonly AnyCommand[] = [
  help,
  rosterImport,
  rosterRefresh,
  shortlist,
  creator,
  campaignNew,
  campaignList,
  campaignShow,
  campaignEdit,
  campaignAgreement,
  campaignOpen,
  campaignActivate,
  campaignClose,
  campaignDelete,
  campaignInvite,
  briefPost,
  optinsList,
  optinsApprove,
  optinsDecline,
  optinsAdd,
  identityConfirm,
  identityReject,
  deliverablesList,
  deliverablesApprove,
  deliverablesRequestChanges,
  deliverablesLive,
  deliverablesAdd,
  payoutsList,
  payoutsPay,
  payoutsTerms,
  payoutsTaxForm,
  payoutsExport,
  productsList,
  productsAdd,
  productsShip,
  campaigns,
  optin,
  optout,
  profile,
  deliver,
  report,
  mystatus,
  pick,
  received,
  termsShow,
  termsAccept,
  draft,
  draftsList,
  draftsApprove,
  draftsApproveWithNotes,
  draftsRequestChanges,
  rightsList,
  rightsExtend,
  rightsAccept,
  metricsCampaign,
  metricsExplain,
  metricsImport,
  digestSchedule,
  digestList,
  digestCancel,
  digestNow,
  promoSet,
  promoGenerate,
  spend,
];
