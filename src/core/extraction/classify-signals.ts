// The signals the classifier weighs, each a named pattern over the subject or the fresh
// (unquoted) text. Vetoes name the kinds of mail that use the word "authorization" without
// being one: pending or denied requests, card and sign-in alerts, invoices and payments,
// benefit statements, newsletters, calendar invites and reminders.

export interface SignalHit {
  name: string;
  weight: number;
  veto: boolean;
}

interface Signal {
  name: string;
  re: RegExp;
  weight: number;
  veto?: boolean;
  where: 'subject' | 'body' | 'both';
}

export const POSITIVE: Signal[] = [
  {
    name: 'approval phrase',
    re: /\b(?:(?:has|have) been (?:reviewed and |fully )?(?:approved|authori[sz]ed|assigned|confirmed)|(?:i|we) (?:have |hereby )?(?:approved|authori[sz]ed)|(?:is|are) (?:hereby )?(?:approved|authori[sz]ed) (?:to|for)|you are (?:hereby )?(?:approved|authori[sz]ed)|(?:has|have) (?:authori[sz]ed|approved|assigned)|hereby authori[sz]es?|authori[sz]es (?:you|the following)|(?:authorization|request|referral|service|services) (?:is |was )?approved|approved (?:for|the following)|status\s*:\s*(?:approved|authori[sz]ed|active|confirmed)|confirmed assignment|assignment (?:is )?confirmed|we are pleased to (?:authori[sz]e|approve|confirm)|notice of (?:authori[sz]ation|approval)|approval (?:notice|letter)|(?:please|you may) (?:proceed|schedule|begin)|is confirmed|(?:trip|ride|transport) (?:is )?(?:scheduled|booked|confirmed))\b/i,
    weight: 3,
    where: 'both',
  },
  {
    name: 'authorization noun',
    // The id's own label ("Auth No.:", "Authorization #") is not counted here: the id already
    // scores, and follow-up notices carry the same label.
    re: /\b(?:service authori[sz]ation|authori[sz]ation (?:letter|form|notice|details|for services)|trip authori[sz]ation|purchase order|work order|service order|voucher|(?:new|revised|amended) (?:\w+ )?authori[sz]ation|authori[sz]ation (?:approved|confirmed|issued)|attached authori[sz]ation|this authori[sz]ation|following (?:service|services|authori[sz]ation)|(?:interpreter|interpreting|asl|transport|trip) (?:assignment|request confirmed)|referral\s*(?:#|number|no\.?))/i,
    weight: 2,
    where: 'both',
  },
  {
    name: 'authorization word',
    re: /\b(?:authori[sz](?:ation|ed)|approv(?:ed|al)|assignment|referral|voucher|p\.?o\.?\s*(?:#|number|no\.?)?\s*:?\s*[A-Z0-9-]*\d)\b/i,
    weight: 1,
    where: 'both',
  },
];

export const NEGATIVE: Signal[] = [
  {
    name: 'pending request',
    re: /\b(?:status\s*:\s*(?:pending|submitted|in review|under review|received|in process)|pending (?:clinical |medical |utilization |further )?(?:review|approval|decision|determination|authori[sz]ation)|(?:is|remains|currently|still) pending|under (?:clinical |medical )?review|awaiting (?:approval|review|decision|determination|authori[sz]ation)|not yet (?:been )?(?:approved|authori[sz]ed)|(?:has been|was) submitted|we (?:have )?received your (?:prior |service )?(?:authori[sz]ation )?request|(?:authori[sz]ation )?request (?:has been |was )?received|(?:is|are) (?:being|currently being) (?:reviewed|processed|considered)|under consideration|(?:has been|was) received and (?:is|will be)|once (?:a decision is made|(?:it|the request) is approved)|until (?:the|your) request is approved|do not (?:schedule|begin|start|provide) (?:services )?until)\b/i,
    weight: -8,
    veto: true,
    where: 'both',
  },
  {
    name: 'denied',
    re: /\b(?:(?:request|authori[sz]ation|service|services|referral)s? (?:has|have|was|were|is|are) (?:been )?(?:denied|declined|not approved|not authori[sz]ed|rejected)|not been approved|unable to (?:approve|authori[sz]e)|cannot (?:approve|authori[sz]e)|adverse (?:benefit )?determination|not medically necessary|notice of denial|denial (?:notice|letter|of)|(?:authori[sz]ation|request) denied|has been denied|was denied)\b/i,
    weight: -8,
    veto: true,
    where: 'both',
  },
  {
    name: 'card or bank alert',
    re: /\b(?:card ending|ending in \d{4}|authori[sz]ation code|approval code|merchant\s*:|debit card|credit card|purchase (?:was|has been) (?:authori[sz]ed|approved)|pending (?:charge|transaction)|available balance|transaction (?:alert|amount|date)|card (?:alert|authori[sz]ation))\b/i,
    weight: -8,
    veto: true,
    where: 'both',
  },
  {
    name: 'sign-in or app access',
    re: /\b(?:authori[sz]e (?:access|this app|the app|an app|application)|(?:wants|requesting|requested) (?:access|permission) to|sign[- ]?in (?:attempt|request|alert|code)|signed in|new (?:sign[- ]in|login|device)|log[- ]?in (?:attempt|alert|code)|verification code|security (?:code|alert)|one[- ]time (?:pass)?code|two[- ]factor|2fa|oauth|access token|api (?:key|token)|connected (?:app|application)|third[- ]party (?:app|application)|reset your password|password reset|authori[sz]ed (?:app|application|device))\b/i,
    weight: -8,
    veto: true,
    where: 'both',
  },
  {
    name: 'invoice or payment',
    re: /\b(?:payment (?:received|confirmation|of \$|receipt|processed|sent)|has been paid|paid \$|amount due|balance due|past due|remittance advice|thank you for your payment|receipt for your|your receipt|invoice (?:#\s*)?\w+ (?:is|was) (?:due|paid|sent|overdue)|view (?:your )?invoice|new invoice|invoice (?:attached|available)|statement (?:is )?(?:ready|available)|direct deposit|refund (?:issued|processed))\b/i,
    weight: -8,
    veto: true,
    where: 'both',
  },
  {
    name: 'benefits statement or claim',
    re: /\b(?:explanation of benefits|this is not a bill|claim (?:has been |was )?(?:processed|received|paid|adjudicated)|patient responsibility|amount billed|allowed amount|remittance)\b/i,
    weight: -8,
    veto: true,
    where: 'both',
  },
  {
    name: 'newsletter',
    re: /\b(?:newsletter|webinar|in this issue|register (?:now|today)|upcoming events|save the date|training opportunit(?:y|ies))\b/i,
    weight: -8,
    veto: true,
    where: 'both',
  },
  {
    // Bulk-mail footers: strong evidence against, but a system-sent authorization may carry one.
    name: 'bulk mail footer',
    re: /\b(?:unsubscribe|view (?:this email )?in (?:your )?browser|manage (?:your )?(?:email )?(?:preferences|subscription))\b/i,
    weight: -5,
    where: 'body',
  },
  {
    name: 'calendar invite',
    re: /(?:^(?:invitation|updated invitation|invitation updated|accepted|declined|tentative|new event|updated event|canceled event|cancelled event)\s*:|\b(?:invitation from google calendar|join zoom meeting|join (?:with )?google meet|microsoft teams meeting|you have been invited|calendar invitation|rsvp)\b)/i,
    weight: -8,
    veto: true,
    where: 'both',
  },
  {
    name: 'reminder',
    re: /(?:^(?:friendly |courtesy )?reminder\b|\b(?:this is a (?:friendly |courtesy )?reminder|just a (?:friendly |quick )?reminder|friendly reminder|courtesy reminder|reminder notice)\b)/i,
    weight: -8,
    veto: true,
    where: 'both',
  },
  {
    // Follow-ups about an authorization already issued: missing notes, EVV exceptions,
    // held claims, appeals. They carry the id, the person and the date but issue nothing.
    name: 'follow-up notice',
    re: /\b(?:(?:session |case |progress |visit |clinical |service )?(?:notes?|documentation|signatures?|records?) (?:(?:is|are) )?(?:missing|required|overdue|outstanding|incomplete|not (?:yet )?received)|missing (?:session |case |progress |visit |clinical )?(?:notes?|documentation|signatures?)|no (?:session |case |progress |visit )?(?:notes?|documentation) (?:for|on file)|evv (?:exception|alert|mismatch|discrepanc(?:y|ies))|(?:visit|clock[- ]?(?:in|out)|shift) (?:was |is )?(?:not verified|unverified|missing)|claims? (?:will|may) be (?:held|suspended|denied|pended)|action (?:needed|required)|(?:upload|correct|submit|resolve|fix) (?:it |them |the \w+ )?(?:in the \w+ portal )?(?:within|by) (?:\d+|the)|(?:appeal|reconsideration|grievance|complaint|dispute)s? (?:request )?(?:has been |was |is )?(?:received|filed|acknowledged)|received your (?:appeal|reconsideration|grievance|complaint|dispute))\b/i,
    weight: -8,
    veto: true,
    where: 'both',
  },
  {
    name: 'expiring authorization',
    re: /\b(?:authori[sz]ation|auth)s? (?:is |are |will be )?(?:expiring|about to expire|will expire|has expired|expires soon)|renewal (?:is )?(?:due|needed|required)|please (?:submit|send) (?:a |the |your )?(?:new |renewal )?(?:authori[sz]ation )?request|request for (?:authori[sz]ation|approval)\b/i,
    weight: -6,
    veto: true,
    where: 'both',
  },
  {
    name: 'approval of something else',
    re: /\b(?:time ?sheets?|timecards?|expense (?:reports?|claims?)|reimbursement requests?|pto|time[- ]off|leave requests?|vacation requests?|pay ?stubs?|payroll|w-?9|1099|background checks?|credential(?:ing)?|license renewals?|provider enrollment|enrollment application|application (?:has been |was |is )?approved|claims? (?:has been |was |is )?approved|invoices? (?:#\s*)?[\w-]* ?(?:has been |was |is )?approved)\b/i,
    weight: -8,
    veto: true,
    where: 'both',
  },
  {
    name: 'offer or availability request',
    re: /\b(?:are you available|please (?:confirm|let us know) (?:your |if you have )?availability|open (?:assignment|request|shift)s?|(?:assignment|shift|job) (?:offer|opportunit(?:y|ies)|available)|reply (?:yes |to accept)|first come,? first served|interested in (?:this|the) (?:assignment|job|shift))\b/i,
    weight: -8,
    veto: true,
    where: 'both',
  },
  {
    name: 'consent or payment form',
    re: /\b(?:release of information|authori[sz]ation (?:to|for) (?:the )?(?:release|disclose|disclosure|use and disclosure)|hipaa authori[sz]ation|consent (?:form|to treat)|roi form|ach authori[sz]ation|payment authori[sz]ation|autopay|recurring payment|direct debit)\b/i,
    weight: -8,
    veto: true,
    where: 'both',
  },
  {
    name: 'bounce, auto-reply or receipt',
    re: /^(?:undeliverable|undelivered|delivery status notification|delivery (?:has )?failed|mail delivery (?:failed|failure|subsystem)|returned mail|failure notice|automatic reply|auto-?reply|autoreply|out of (?:the )?office|read|recall|not read)\b/i,
    weight: -8,
    veto: true,
    where: 'subject',
  },
  {
    name: 'expiry or renewal notice',
    re: /(?:\b(?:expir\w*|renewal|action required|past due|overdue)\b)/i,
    weight: -8,
    veto: true,
    where: 'subject',
  },
  {
    name: 'renewal request',
    re: /\b(?:(?:submit|send) (?:a |the |your )?(?:progress report|renewal|new request|reauthori[sz]ation request)|reauthori[sz]ation (?:is )?(?:needed|required|due)|a new authori[sz]ation (?:can|may) be considered)\b/i,
    weight: -8,
    veto: true,
    where: 'body',
  },
  {
    name: 'automated notice',
    re: /\b(?:this is an automated (?:message|notification|email)|do not reply|no-?reply)\b/i,
    weight: -1,
    where: 'body',
  },
];

/** The named signals present in the subject and fresh text. */
export function detectSignals(subject: string, body: string, rawSubject = subject): SignalHit[] {
  const hits: SignalHit[] = [];
  for (const s of [...POSITIVE, ...NEGATIVE]) {
    // Subject-only vetoes (bounces, auto-replies, expiry notices) read the subject as sent,
    // prefixes included, even on replies whose subject is otherwise ignored.
    const subj = s.where === 'subject' ? rawSubject : subject;
    const inSubject = s.where !== 'body' && s.re.test(subj);
    const inBody = s.where !== 'subject' && s.re.test(body);
    if (inSubject || inBody)
      hits.push({
        name: inSubject && !inBody ? `${s.name} (subject)` : s.name,
        weight: s.weight,
        veto: !!s.veto,
      });
  }
  return hits;
}
