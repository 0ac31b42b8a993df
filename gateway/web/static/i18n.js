// Interface text in English and French (one dict per language), and number/date formatting.

const STRINGS = {
  en: {
    "app.title": "Order console",
    "nav.queue": "Queue", "nav.dashboard": "Dashboard", "nav.logout": "Log out",
    "login.username": "User name", "login.password": "Password", "login.submit": "Log in",
    "error.login-failed": "Wrong user name or password.", "error.login-too-many": "Too many failed logins from this address: the password was not checked. Try again in 15 minutes.",
    "error.login-csrf": "The login form expired or did not come from this site. Please try again.",
    "error.login-throttled": "Too many failed attempts. Please wait a few minutes.",
    "error.load": "Could not load", "error.not-found": "Nothing here.",
    "role.operator": "operator", "role.supervisor": "supervisor", "role.read-only": "read-only", "role.api": "API",
    "bucket.todo": "To do", "bucket.all": "All", "bucket.received": "Received", "bucket.extracting": "In extraction",
    "bucket.review": "Needs review", "bucket.held": "Held", "bucket.ready": "Sending to ERP",
    "bucket.held.title": "Held as a duplicate or an anomaly", "bucket.delivered": "Delivered", "bucket.failed": "Failed", "bucket.rejected": "Rejected", "bucket.dead_letter": "Dead-letter",
    "queue.filter.channel": "Channel", "queue.filter.customer": "Customer", "queue.filter.team": "Team",
    "queue.filter.priority": "Priority", "queue.filter.min_age_h": "Age",
    "queue.any": "Any", "queue.older": "older than {h} h", "queue.updated": "Updated {time}",
    "queue.empty": "Nothing in this list.",
    "queue.col.sla": "Time left", "queue.col.status": "Status", "queue.col.channel": "Channel",
    "queue.col.customer": "Customer", "queue.col.po": "PO number", "queue.col.priority": "Priority",
    "queue.col.team": "Team", "queue.col.received": "Received", "queue.col.issues": "Issues",
    "sla.met": "met", "sla.missed": "missed", "sla.late": "late {d}", "sla.left": "{d} left",
    "priority.urgent": "Urgent", "priority.normal": "Normal",
    "kind.new": "new", "kind.change": "change", "kind.cancel": "cancellation",
    "channel.http": "API", "channel.smtp": "E-mail", "channel.email": "E-mail", "channel.sftp": "SFTP",
    "channel.folder": "Folder", "channel.fax": "Fax", "channel.edi": "EDI",
    "status.review": "Needs review", "status.held": "Held", "status.duplicate": "Duplicate", "status.ready": "Sending to ERP",
    "status.delivered": "Delivered", "status.rejected": "Rejected", "status.dead_letter": "Dead-letter",
    "field.customer_id": "Customer", "field.customer": "Customer", "field.po_number": "PO number",
    "field.order_date": "Order date", "field.requested_delivery_date": "Delivery date", "field.currency": "Currency",
    "field.priority": "Priority", "field.total": "Total", "field.sku": "SKU", "field.quantity": "Quantity",
    "field.uom": "Unit", "field.unit_price": "Unit price",
    "line.no": "#", "line.theirs": "As read", "line.sku": "Our SKU", "line.quantity": "Qty", "line.uom": "Unit",
    "line.unit_price": "Price", "line.delete": "Del.",
    "review.header": "Order", "review.lines": "Lines", "review.save": "Save (Enter)", "review.approve": "Approve (Ctrl+Enter)",
    "review.reject": "Reject", "review.cancel": "Cancel", "review.reject-reason": "Why is it rejected?",
    "review.save-xref": "Remember item codes for this customer", "review.confidence": "confidence of the reading",
    "review.unknown-sku": "not in the catalogue", "review.delete-line": "Delete line {n}",
    "review.saved": "Corrections saved.", "review.nothing": "Nothing changed.", "review.pick-not-number": "\u201c{value}\u201d is not a number: nothing filled.", "review.pick-not-date": "\u201c{value}\u201d is not a date: nothing filled.", "issue.line": "line {n}", "review.key-too-soon": "This order was just opened: look at it, then press Ctrl+Enter again to approve it.", "review.save-failed": "Not saved",
    "review.approved": "Approved: order {po} is on its way to the ERP.", "review.approve-failed": "Not approved",
    "review.rejected": "Order rejected.", "review.bad-number": "{value} is not a number as written here (e.g. {example})", "review.bad-date": "{value} is not a date ({example})",
    "format.label": "Numbers and dates", "history.picked": "picked from the page", "review.pick-first": "Click in a field first, then on a word of the page.", "review.picked": "filled from the page by you", "reply.open": "Reply to customer", "reply.title": "Reply to the customer", "reply.to": "To",
    "reply.language": "Language", "reply.subject": "Subject", "reply.body": "Message", "reply.send": "Send",
    "reply.sent": "Replies sent", "reply.done": "Reply sent to {to}.", "reply.failed": "Not sent",
    "reply.lang.fr": "French", "reply.lang.de": "German", "reply.lang.en": "English", "review.read-only": "Read-only access: you can look but not change orders.",
    "review.not-waiting": "This order is {status}: there is nothing to review.",
    "review.page": "Page {n} / {of}", "review.page-alt": "Page image of the document", "review.prev-page": "Previous page",
    "review.next-page": "Next page", "review.raw": "Original document",
    "review.no-image": "No page image for this document. Open the original instead:",
    "review.history": "History", "review.compare": "Compare with the original", "review.no-po": "(no PO number)",
    "review.no-customer": "unknown customer", "review.keys": "Enter: save · Ctrl+Enter: approve · j/k: next/previous · Esc: queue",
    "compare.title-duplicate": "Possible duplicate", "compare.title-change": "Order change", "compare.title-cancel": "Cancellation",
    "compare.title-held": "Held order", "compare.field": "Field", "compare.original": "Original", "compare.this": "This document",
    "compare.item": "Item", "compare.description": "Description", "compare.change": "Change",
    "compare.added": "added", "compare.removed": "removed", "compare.changed": "changed", "compare.quantity": "quantity changed",
    "compare.release": "Another order: release", "compare.accept": "Accept", "compare.edit": "Edit",
    "compare.reject-reason": "rejected in the console", "compare.no-original": "The original order could not be found.",
    "compare.done.release": "Released: the order goes to the ERP.", "compare.done.approve": "Accepted: the order goes to the ERP.",
    "compare.done.reject": "Rejected.",
    "compare.title-exact": "Duplicate", "compare.same-order": "Same order", "compare.done.same_order": "Kept as a duplicate: not delivered.",
    "compare.exact-note": "An exact copy of an order that is delivered or on its way: it is never delivered again.",
    "queue.closed-today": "Not a business day: SLA time left counts business hours only; the clocks run again {time}.",
    "queue.col.pick": "", "queue.pick": "Pick {po}", "queue.picked": "{n} picked", "queue.unpick": "Clear",
    "queue.bulk-done": "{done} done, {refused} refused.",
    "review.add-row": "Add a row", "review.split": "Split this row in two", "review.merge": "Merge into the row above", "line.split": "", "line.amount": "Amount",
    "field.ship_to.name": "Ship to", "field.ship_to.note": "Delivery place in a note", "field.ship_to.scan": "Delivery address read from a scan", "field.requested_delivery_date.mended": "Delivery date read by mending one OCR slip", "field.ship_to.street": "Street", "field.ship_to.postcode": "Postcode",
    "field.ship_to.city": "City", "field.ship_to.country": "Country", "field.amount": "Amount",
    "review.ship_to": "Delivery address", "review.bill_to": "Invoicing address",
    "field.bill_to.name": "Invoice to", "field.bill_to.street": "Street", "field.bill_to.postcode": "Postcode",
    "field.bill_to.city": "City", "field.bill_to.country": "Country",
    "review.comments": "Comments", "review.comment": "Add comment", "outcome.comment": "comment", "outcome.replied": "reply sent", "outcome.reply_sending": "reply being sent", "outcome.reply_failed": "reply not sent",
    "outcome.same_order": "same order", "outcome.claimed": "claimed",
    "sender.api": "API upload", "line.customer_item": "Their code", "field.customer_item": "Their code",
    "review.learn-none": "Nothing will be learned: type or confirm the customer's code of the line.",
    "review.learn-master": "— the master cross-reference maps this code to {sku}, and it wins: the learned code would not be used.",
    "nav.learned": "Learned codes", "learned.title": "Learned item codes", "learned.undo": "Undo",
    "learned.empty": "No item code learned yet.", "learned.undone": "Mapping removed.",
    "period.today": "Today", "period.week": "This week", "period.month": "This month",
    "kpi.orders": "Orders received", "kpi.orders-detail": "over {n} channel(s)",
    "kpi.within-sla": "Within SLA", "kpi.within-sla-detail": "{a} of {b} orders",
    "kpi.touchless": "Touchless", "kpi.touchless-detail": "{a} of {b} delivered orders",
    "kpi.corrections": "Corrections / 100 orders", "kpi.corrections-detail": "{n} field(s) corrected",
    "kpi.waiting": "Waiting for a person", "kpi.waiting-detail": "review, held, duplicate",
    "kpi.receipt-to-erp": "Receipt to ERP (median)", "kpi.receipt-to-erp-detail": "p90 {p90} · {n} delivered",
    "kpi.chart-channels": "Orders per channel per day", "kpi.chart-waiting": "Waiting orders by age",
    "kpi.chart-r2e": "Receipt-to-ERP time", "kpi.since": "{since} – {until}",
    "history.title": "Document", "history.timeline": "What happened", "history.orders": "Orders",
    "history.children": "Parts", "history.acks": "Acknowledgements", "history.field": "Field", "history.from": "Was",
    "history.to": "Now", "history.col.order": "Order", "history.col.po": "PO number", "history.col.status": "Status",
    "history.col.kind": "Kind", "history.col.lines": "Lines",
    "doc.channel": "Channel", "doc.sender": "Sender", "doc.received": "Received", "doc.filename": "File",
    "doc.format": "Format", "doc.doc_type": "Type", "doc.customer": "Customer", "doc.size": "Size",
    "doc.sha256": "SHA-256", "doc.attempts": "Attempts", "doc.error": "Error",
    "docstatus.received": "Received", "docstatus.processing": "In extraction", "docstatus.retry": "Retrying",
    "docstatus.processed": "Processed", "docstatus.split": "Split", "docstatus.review": "Needs review",
    "docstatus.duplicate": "Duplicate", "docstatus.not_order": "Not an order", "docstatus.rejected": "Rejected",
    "docstatus.failed": "Failed", "docstatus.quarantined": "Quarantined",
    "stage.intake": "Intake", "stage.extract": "Extraction", "stage.dedup": "Duplicate check", "stage.decide": "Decision",
    "stage.review": "Review", "stage.deliver": "Delivery", "stage.pipeline": "Pipeline", "stage.split": "Split",
    "stage.operator": "Operator",
    "outcome.received": "received", "outcome.ok": "read", "outcome.problems": "read with problems",
    "outcome.rejected": "rejected", "outcome.duplicate": "duplicate", "outcome.original_found": "original found",
    "outcome.review": "held for review", "outcome.ready": "ready for the ERP", "outcome.held": "held",
    "outcome.corrected": "corrected", "outcome.approved": "approved", "outcome.released": "released",
    "outcome.delivered": "delivered to the ERP", "outcome.retry": "to be retried", "outcome.failed": "failed",
    "outcome.dead_letter": "dead-letter",
  },
  fr: {
    "app.title": "Console des commandes",
    "nav.queue": "File", "nav.dashboard": "Tableau de bord", "nav.logout": "Déconnexion",
    "login.username": "Identifiant", "login.password": "Mot de passe", "login.submit": "Se connecter",
    "error.login-failed": "Identifiant ou mot de passe incorrect.", "error.login-too-many": "Trop d'échecs de connexion depuis cette adresse : le mot de passe n'a pas été vérifié. Réessayez dans 15 minutes.",
    "error.login-csrf": "Le formulaire a expiré ou ne vient pas de ce site. Veuillez réessayer.",
    "error.login-throttled": "Trop d'échecs. Patientez quelques minutes.",
    "error.load": "Chargement impossible", "error.not-found": "Rien ici.",
    "role.operator": "opérateur", "role.supervisor": "superviseur", "role.read-only": "lecture seule", "role.api": "API",
    "bucket.todo": "À traiter", "bucket.all": "Tout", "bucket.received": "Reçus", "bucket.extracting": "En lecture",
    "bucket.review": "À vérifier", "bucket.held": "Bloqués", "bucket.ready": "Envoi à l'ERP",
    "bucket.held.title": "Bloqués comme doublon ou anomalie", "bucket.delivered": "Livrés", "bucket.failed": "En échec", "bucket.rejected": "Rejetées", "bucket.dead_letter": "Rebut",
    "queue.filter.channel": "Canal", "queue.filter.customer": "Client", "queue.filter.team": "Équipe",
    "queue.filter.priority": "Priorité", "queue.filter.min_age_h": "Âge",
    "queue.any": "Tous", "queue.older": "plus de {h} h", "queue.updated": "Mis à jour à {time}",
    "queue.empty": "Rien dans cette liste.",
    "queue.col.sla": "Temps restant", "queue.col.status": "État", "queue.col.channel": "Canal",
    "queue.col.customer": "Client", "queue.col.po": "N° de commande", "queue.col.priority": "Priorité",
    "queue.col.team": "Équipe", "queue.col.received": "Reçu le", "queue.col.issues": "Anomalies",
    "sla.met": "tenu", "sla.missed": "dépassé", "sla.late": "retard {d}", "sla.left": "reste {d}",
    "priority.urgent": "Urgent", "priority.normal": "Normale",
    "kind.new": "nouvelle", "kind.change": "modification", "kind.cancel": "annulation",
    "channel.http": "API", "channel.smtp": "E-mail", "channel.email": "E-mail", "channel.sftp": "SFTP",
    "channel.folder": "Dossier", "channel.fax": "Fax", "channel.edi": "EDI",
    "status.review": "À vérifier", "status.held": "Bloquée", "status.duplicate": "Doublon", "status.ready": "Envoi à l'ERP",
    "status.delivered": "Livrée", "status.rejected": "Refusée", "status.dead_letter": "Rebut",
    "field.customer_id": "Client", "field.customer": "Client", "field.po_number": "N° de commande",
    "field.order_date": "Date de commande", "field.requested_delivery_date": "Date de livraison", "field.currency": "Devise",
    "field.priority": "Priorité", "field.total": "Total", "field.sku": "Article", "field.quantity": "Quantité",
    "field.uom": "Unité", "field.unit_price": "Prix unitaire",
    "line.no": "N°", "line.theirs": "Lu", "line.sku": "Notre article", "line.quantity": "Qté", "line.uom": "Unité",
    "line.unit_price": "Prix", "line.delete": "Suppr.",
    "review.header": "Commande", "review.lines": "Lignes", "review.save": "Enregistrer (Entrée)",
    "review.approve": "Valider (Ctrl+Entrée)", "review.reject": "Refuser", "review.cancel": "Annuler",
    "review.reject-reason": "Motif du refus ?", "review.save-xref": "Mémoriser les références de ce client",
    "review.confidence": "confiance de la lecture", "review.unknown-sku": "absent du catalogue",
    "review.delete-line": "Supprimer la ligne {n}", "review.saved": "Corrections enregistrées.",
    "review.nothing": "Aucune modification.", "review.pick-not-number": "\u00ab {value} \u00bb n'est pas un nombre : rien n'est rempli.", "review.pick-not-date": "\u00ab {value} \u00bb n'est pas une date : rien n'est rempli.", "issue.line": "ligne {n}", "review.key-too-soon": "Commande tout juste ouverte : vérifiez-la, puis appuyez de nouveau sur Ctrl+Entrée pour la valider.", "review.save-failed": "Non enregistré",
    "review.approved": "Validée : la commande {po} part vers l'ERP.", "review.approve-failed": "Non validée",
    "review.rejected": "Commande refusée.", "review.bad-number": "{value} n'est pas un nombre écrit ainsi (ex. {example})", "review.bad-date": "{value} n'est pas une date ({example})",
    "format.label": "Nombres et dates", "history.picked": "pris sur la page", "review.pick-first": "Cliquez d'abord dans un champ, puis sur un mot de la page.", "review.picked": "rempli depuis la page par vous", "reply.open": "Répondre au client", "reply.title": "Réponse au client", "reply.to": "À",
    "reply.language": "Langue", "reply.subject": "Objet", "reply.body": "Message", "reply.send": "Envoyer",
    "reply.sent": "Réponses envoyées", "reply.done": "Réponse envoyée à {to}.", "reply.failed": "Non envoyée",
    "reply.lang.fr": "français", "reply.lang.de": "allemand", "reply.lang.en": "anglais",
    "review.read-only": "Accès en lecture seule : vous pouvez consulter mais pas modifier.",
    "review.not-waiting": "Cette commande est « {status} » : rien à vérifier.",
    "review.page": "Page {n} / {of}", "review.page-alt": "Image de la page du document",
    "review.prev-page": "Page précédente", "review.next-page": "Page suivante", "review.raw": "Document original",
    "review.no-image": "Pas d'image de page pour ce document. Ouvrez l'original :",
    "review.history": "Historique", "review.compare": "Comparer à l'original", "review.no-po": "(sans n° de commande)",
    "review.no-customer": "client inconnu",
    "review.keys": "Entrée : enregistrer · Ctrl+Entrée : valider · j/k : suivante/précédente · Échap : file",
    "compare.title-duplicate": "Doublon possible", "compare.title-change": "Modification de commande",
    "compare.title-cancel": "Annulation", "compare.title-held": "Commande bloquée", "compare.field": "Champ",
    "compare.original": "Original", "compare.this": "Ce document", "compare.item": "Article",
    "compare.description": "Désignation", "compare.change": "Modification", "compare.added": "ajoutée",
    "compare.removed": "supprimée", "compare.changed": "modifiée", "compare.quantity": "quantité modifiée",
    "compare.release": "Pas un doublon : libérer", "compare.accept": "Accepter", "compare.edit": "Modifier",
    "compare.reject-reason": "refusée dans la console", "compare.no-original": "La commande d'origine est introuvable.",
    "compare.done.release": "Libérée : la commande part vers l'ERP.",
    "compare.done.approve": "Acceptée : la commande part vers l'ERP.", "compare.done.reject": "Refusée.",
    "compare.title-exact": "Doublon", "compare.same-order": "Même commande", "compare.done.same_order": "Gardée comme doublon : non envoyée.",
    "compare.exact-note": "Copie exacte d'une commande livrée ou en cours d'envoi : elle ne sera jamais renvoyée.",
    "compare.release": "Autre commande : libérer", "sender.api": "Dépôt par l'API",
    "review.add-row": "Ajouter une ligne", "review.split": "Scinder cette ligne", "review.merge": "Fusionner avec la ligne au-dessus", "line.split": "", "line.amount": "Montant",
    "field.ship_to.name": "Livrer à", "field.ship_to.note": "Lieu de livraison dans une note", "field.ship_to.scan": "Adresse de livraison lue sur un scan", "field.requested_delivery_date.mended": "Date de livraison lue en corrigeant une erreur d'OCR", "field.ship_to.street": "Rue", "field.ship_to.postcode": "Code postal",
    "field.ship_to.city": "Ville", "field.ship_to.country": "Pays", "field.amount": "Montant",
    "review.ship_to": "Adresse de livraison", "review.bill_to": "Adresse de facturation",
    "field.bill_to.name": "Facturer à", "field.bill_to.street": "Rue", "field.bill_to.postcode": "Code postal",
    "field.bill_to.city": "Ville", "field.bill_to.country": "Pays",
    "review.comments": "Commentaires", "review.comment": "Ajouter un commentaire", "outcome.comment": "commentaire", "outcome.claimed": "prise en charge", "outcome.replied": "réponse envoyée", "outcome.reply_sending": "réponse en cours d'envoi", "outcome.reply_failed": "réponse non envoyée",
    "outcome.same_order": "même commande",
    "queue.col.pick": "", "queue.pick": "Choisir {po}", "queue.picked": "{n} choisie(s)", "queue.unpick": "Effacer",
    "queue.bulk-done": "{done} traitée(s), {refused} refusée(s).",
    "queue.closed-today": "Jour non ouvré : le temps restant compte les heures ouvrées ; les délais reprennent {time}.",
    "line.customer_item": "Code client", "field.customer_item": "Code client",
    "review.learn-none": "Rien ne sera appris : saisissez ou confirmez le code client de la ligne.",
    "review.learn-master": "— la table de correspondance de l'ERP associe ce code à {sku} et elle prime : le code appris ne serait pas utilisé.",
    "nav.learned": "Codes appris", "learned.title": "Codes article appris", "learned.undo": "Annuler",
    "learned.empty": "Aucun code appris.", "learned.undone": "Correspondance supprimée.",
    "period.today": "Aujourd'hui", "period.week": "Cette semaine", "period.month": "Ce mois-ci",
    "kpi.orders": "Commandes reçues", "kpi.orders-detail": "sur {n} canal(aux)",
    "kpi.within-sla": "Dans les délais", "kpi.within-sla-detail": "{a} sur {b} commandes",
    "kpi.touchless": "Sans intervention", "kpi.touchless-detail": "{a} sur {b} commandes livrées",
    "kpi.corrections": "Corrections / 100 commandes", "kpi.corrections-detail": "{n} champ(s) corrigé(s)",
    "kpi.waiting": "En attente d'une personne", "kpi.waiting-detail": "à vérifier, bloquées, doublons",
    "kpi.receipt-to-erp": "Réception → ERP (médiane)", "kpi.receipt-to-erp-detail": "p90 {p90} · {n} livrées",
    "kpi.chart-channels": "Commandes par canal et par jour", "kpi.chart-waiting": "Commandes en attente par âge",
    "kpi.chart-r2e": "Délai réception → ERP", "kpi.since": "{since} – {until}",
    "history.title": "Document", "history.timeline": "Historique", "history.orders": "Commandes",
    "history.children": "Pièces", "history.acks": "Accusés de réception", "history.field": "Champ",
    "history.from": "Avant", "history.to": "Après", "history.col.order": "Commande",
    "history.col.po": "N° de commande", "history.col.status": "État", "history.col.kind": "Type",
    "history.col.lines": "Lignes",
    "doc.channel": "Canal", "doc.sender": "Expéditeur", "doc.received": "Reçu le", "doc.filename": "Fichier",
    "doc.format": "Format", "doc.doc_type": "Type", "doc.customer": "Client", "doc.size": "Taille",
    "doc.sha256": "SHA-256", "doc.attempts": "Tentatives", "doc.error": "Erreur",
    "docstatus.received": "Reçu", "docstatus.processing": "En lecture", "docstatus.retry": "Nouvel essai",
    "docstatus.processed": "Traité", "docstatus.split": "Éclaté", "docstatus.review": "À vérifier",
    "docstatus.duplicate": "Doublon", "docstatus.not_order": "Pas une commande", "docstatus.rejected": "Rejeté",
    "docstatus.failed": "En échec", "docstatus.quarantined": "En quarantaine",
    "stage.intake": "Réception", "stage.extract": "Lecture", "stage.dedup": "Contrôle des doublons",
    "stage.decide": "Décision", "stage.review": "Vérification", "stage.deliver": "Livraison",
    "stage.pipeline": "Traitement", "stage.split": "Éclatement", "stage.operator": "Opérateur",
    "outcome.received": "reçu", "outcome.ok": "lu", "outcome.problems": "lu avec anomalies", "outcome.rejected": "refusé",
    "outcome.duplicate": "doublon", "outcome.original_found": "original trouvé", "outcome.review": "à vérifier",
    "outcome.ready": "prête pour l'ERP", "outcome.held": "bloquée", "outcome.corrected": "corrigée",
    "outcome.approved": "validée", "outcome.released": "libérée", "outcome.delivered": "livrée à l'ERP",
    "outcome.retry": "à réessayer", "outcome.failed": "en échec", "outcome.dead_letter": "rebut",
  },
};

const LANGS = Object.keys(STRINGS);

export function getLang() {
  const saved = window.localStorage.getItem("console.lang");
  if (LANGS.includes(saved)) return saved;
  return (navigator.language || "en").toLowerCase().startsWith("fr") ? "fr" : "en";
}

export function setLang(lang) {
  if (LANGS.includes(lang)) window.localStorage.setItem("console.lang", lang);
}

/** Issue messages in French by code (the English message comes from the server, with its details). */
const ISSUES_FR = {
  "ORDER-DAMAGED": "Commande endommagée : des valeurs enregistrées n'ont pas pu être relues",
  "REVIEW-VALUE": "Valeur refusée",
  "ANOMALY-NEW-ITEM": "Article jamais commandé par ce client", "ANOMALY-QTY": "Quantité inhabituelle pour ce client", "ANOMALY-QTY-EXTREME": "Quantité plus de dix fois supérieure au maximum jamais commandé : faute de frappe ?",
  "ANOMALY-SHIP-TO": "Adresse de livraison inhabituelle", "ANOMALY-TOTAL": "Montant inhabituel pour ce client",
  "CONFIDENCE-LOW": "Lecture moins sûre que le seuil de vérification : les champs les moins sûrs sont nommés",
  "INTERCHANGE-REUSED": "Numéro de contrôle d'un échange précédent réutilisé pour un autre contenu : traité comme un nouvel échange",
  "CHANGE-REVIEW": "Les modifications de commandes connues sont vérifiées avant envoi",
  "CHECK-LINE-AMOUNT": "Quantité × prix ne donne pas le montant de la ligne", "CHECK-TOTAL": "Le total ne correspond pas aux lignes",
  "CREDIT-BLOCK": "Client bloqué (crédit)", "CUSTOMER-UNKNOWN": "Client non identifié",
  "DATE-IMPLAUSIBLE": "Date peu plausible", "DATE-FAR-AHEAD": "Date de livraison à plus d'un an de la commande : lecture ou frappe à confirmer avec le client", "DATE-PAST": "Date de livraison passée",
  "DUPLICATE-ORDER": "Doublon d'une commande déjà reçue", "FIELD-MISSING": "Champ obligatoire manquant",
  "FORMAT-UNKNOWN": "Format de document inconnu", "ITEM-CORRECTED": "Code article corrigé",
  "ITEM-NOT-FOR-CUSTOMER": "Article non autorisé pour ce client", "ITEM-NOT-ORDERABLE": "Article non commandable",
  "ITEM-UNKNOWN": "Article inconnu", "ITEM-CONFLICT": "Identifiants d'article contradictoires", "LINES-MISSING": "Aucune ligne lue", "OCR-REPAIRED": "Valeur réparée après lecture OCR", "OCR-ENGINES-DISAGREE": "Nombre lu différemment par les deux moteurs OCR", "OCR-READING-CONFIRMED": "Lecture OCR choisie par les données de référence", "ITEM-READINGS-CONFLICT": "Les lectures du code article désignent deux articles",
  "ORDER-CANCEL": "Annule une commande connue", "ORDER-CHANGE": "Modifie une commande connue",
  "ORDER-OVERDUE": "Commande habituelle en retard", "ORIGINAL-UNKNOWN": "Modification reçue avant la commande d'origine",
  "PO-FORMAT-UNUSUAL": "Numéro de commande d'une forme inhabituelle pour ce client", "PO-CHARACTER-UNSURE": "Numéro de commande lu sur fax : une lettre peut être un chiffre (ou l'inverse)", "PO-MISSING": "Numéro de commande manquant",
  "POSSIBLE-DUPLICATE": "Doublon possible d'une commande déjà reçue", "PRICE-MISMATCH": "Prix différent du tarif",
  "PRIORITY-URGENT": "Commande urgente", "QTY-INVALID": "Quantité invalide", "SLA-CALENDAR": "Délai compté en jours ouvrés",
  "UNIT-CORRECTED": "Unité corrigée", "UNIT-UNKNOWN": "Unité inconnue", "UOM-NO-CONVERSION": "Unité sans conversion",
  "UOM-UNKNOWN": "Unité inconnue",
  "TABLE-SIDE": "Un second tableau sous les lignes : ses lignes sont-elles commandées ?",
  "SHEET-HIDDEN-ROWS": "Lignes masquées dans le tableur : sont-elles commandées ?",
  "SHEET-HIDDEN-COLUMNS": "Une colonne lue est masquée dans le tableur",
  "SHEET-HIDDEN-SHEET": "Commande lue sur une feuille masquée du classeur : est-elle commandée ?",
  "SHEET-TRUNCATED": "Feuille trop grande : des cellules au-delà des lignes ou colonnes lues, à lire par une personne",
  "WORD-HIDDEN-TEXT": "Texte masqué dans le document Word : ces lignes sont-elles commandées ?",
  "CURRENCY-MISMATCH": "Devise différente de celle du client", "CUSTOMER-WEAK-ID": "Client reconnu seulement par un identifiant que le document donne lui-même",
  "DELIVERY-DATE-MISSING": "Date de livraison manquante", "DELIVERY-DATE-DEFAULT": "Date de livraison par défaut (aucune dans le document)",
  "EDI-DATE-INVALID": "Date EDI illisible", "EDI-UNT-COUNT": "Nombre de segments EDIFACT incorrect (UNT) : des segments manquent peut-être",
  "EDI-CNT-COUNT": "Nombre de lignes annoncé (CNT) différent des lignes reçues", "X12-CTT-COUNT": "Nombre de lignes annoncé (CTT) différent des lignes reçues",
  "LINE-STRUCK": "Ligne barrée sur le document : commandée ou non ?",
  "NUMBER-STYLE-UNSURE": "Rien dans le document ne dit si la virgule ou le point marque les décimales (« 1,500 ») : quelle quantité ou quel montant ?",
  "QTY-HANDWRITTEN-CORRECTION": "Quantité corrigée à la main sur le fax (montant imprimé de l'ancienne) : quelle quantité ?",
  "PO-CELL-CROSSES": "Numéro de commande imprimé par-dessus le bord de sa case (« 778120 » collé au « 03.2026 » voisin, ou coupé) : quel numéro ?",
  "QTY-CELL-CROSSES": "Quantité collée au numéro de position sur le fax (« 4 | 2 » lu « 42 ») : quelle quantité ?",
  "COPY-MARKED": "Tampon « copie » ou « duplicata » sur le fax : commande déjà passée ? À vérifier",
  "DONE-MARKED": "Mention « erledigt », « déjà livré » ou « traité » sur le fax : commande déjà saisie ou livrée ? À vérifier",
  "DRAFT-MARKED": "Filigrane « brouillon » (DRAFT, ENTWURF) sur la commande : pas encore approuvée ? À confirmer",
  "RELEASE-UNSURE": "Plusieurs numéros d'appel de livraison cités (un appel précédent ?) : lequel est cette commande ?",
  "MARKING-UNREAD": "Inscription, tampon ou note manuscrite sur le fax, non lu : regarder la page avant l'envoi",
  "PAGE-MISSING": "Page du fax manquante (le compteur de pages en annonce davantage) : demander le fax complet à l'expéditeur",
  "LINE-COUNT-MISMATCH": "Nombre de lignes annoncé différent des lignes reçues : une ligne peut manquer",
  "PACK-SIZE-TYPED": "Conditionnement saisi à côté de la quantité : colis ou pièces ?",
  "CHARGE-FREE-TYPED": "Ligne indiquée gratuite (échantillon, remplacement) : à facturer ou non ?",
  "BILL-TO-TYPED": "Adresse de facturation saisie dans le message : à vérifier",
  "NOTE-IN-LINE": "Une note semble écrite dans la désignation d'un article : la déplacer dans les remarques ou la garder",
  "TERMS-TYPED": "Conditions de paiement écrites sur la commande, différentes de celles du client : à confirmer",
  "PRICE-TYPED": "Une note du document donne un prix ou une remise : à appliquer à la main",
  "IDENTITY-MISMATCH": "L'expéditeur ne correspond pas au client du document", "LAYOUT-ROW-UNREAD": "Ligne du tableau non lue", "LAYOUT-AMOUNT-UNNAMED": "Colonne de montants au titre inconnu, qui n'est pas quantité x prix : que contient-elle ?", "LAYOUT-COPY-UNSURE": "Pages lues comme copie de la commande, sans son numéro : vérifier qu'aucune ligne ne manque",
  "LINE-UNREAD": "Ligne illisible : rien n'a été écarté, à vérifier", "CANCEL-TYPED": "Une annulation est écrite dans le message : à appliquer à la main", "ATTACHMENT-MISSING": "Le message annonce une commande jointe, mais rien n'est joint : la demander au client", "ORDER-IN-ATTACHMENT": "Le message résume la commande jointe : la pièce jointe est lue comme commande, ce résumé attend", "CHANGE-TYPED": "Une modification de commande (date, quantités, adresse) est écrite : à appliquer à la main", "QUESTION-TYPED": "Le client pose une question ou met une condition à l'envoi : à lui répondre avant", "ADDITION-TYPED": "Un ajout à une commande déjà passée est écrit : à ajouter à cette commande", "PRICE-REQUEST": "Le client pose une question sur les prix : à lui répondre", "QUOTE-REQUEST": "Demande de devis, pas une commande : à traiter par une personne (rien n'est livré)", "DELIVERY-WINDOW-WIDE": "Fenêtre de livraison de plus d'une semaine : choisir le jour", "SHIP-DATE-ONLY": "Seule une date d'expédition est donnée, pas de date de livraison : à confirmer", "DATE-UNPLACED": "Une date du message n'est ni la date de commande ni la date de livraison : vérifier les deux", "DATE-AMBIGUOUS": "Date ambiguë : jour et mois peut-être inversés", "DATE-WEEKDAY-MISMATCH": "Le jour de la semaine écrit ne correspond pas à la date : l'un des deux est faux", "DATE-REMARK-CONFLICT": "Une remarque du client exclut la date de livraison demandée (jour ou mois) : fixer la date avec lui", "QTY-CHANGE-TYPED": "Modification de quantité écrite (« 4 au lieu de 3 ») : vérifier les deux nombres", "ORDERS-SEVERAL": "Plusieurs commandes dans le message : à séparer", "ORDER-REPEAT": "Demande de répéter une commande précédente : ses lignes ne sont pas écrites ici", "CHANGE-LINES-UNREAD": "Message sur une commande connue, lignes non lues : rien n'est retiré", "SHIP-TO-UNSURE": "Adresse de livraison lue avec un doute : à vérifier avant envoi", "ORDER-DATE-IMPLAUSIBLE": "Date de commande peu plausible",
  "ORDER-DATE-MISSING": "Date de commande manquante", "ORDER-DATE-RECEIVED": "Date de commande prise à la réception",
  "ORIGINAL-NEVER-ARRIVED": "La commande d'origine n'est jamais arrivée", "ORIGINAL-NOT-DELIVERED": "La commande d'origine n'est pas encore livrée à l'ERP", "ORDER-TEST-MODE": "Commande envoyée en mode test par le partenaire", "INTERCHANGE-NOT-OURS": "Échange adressé à un autre destinataire que nous (UNB, ISA08 ou cXML To)", "SUPPLIER-NOT-US": "Le fournisseur indiqué dans la commande est une autre société que nous (NAD+SU, N1*SE/VN, SellerSupplierParty, cXML To/SupplierID)", "CHANGE-REMOVES-LINES": "Le même bon sans certaines lignes : comme nouvelle version il les annulerait", "CHANGE-REPEATS-EARLIER": "Modification identique à une modification antérieure qu'une plus récente a remplacée : copie tardive ou retour en arrière ?", "RESEND-OF-REJECTED": "Même commande (client, n° de commande, lignes) qu'une commande refusée : renvoyée ? Approuvée, elle part comme l'indique le message : nouvelle commande à la place de la refusée, ou modification de la commande liée", "RESEND-DIFFERS": "Le message se dit un renvoi de la commande mais en diffère : copie modifiée, faute de frappe ou modification ?", "DELIVERY-SPLIT": "Des lignes vont à d'autres adresses de livraison que la commande", "ITEM-READINGS-CONFLICT": "Les deux lectures OCR désignent des articles différents", "OCR-READING-CONFIRMED": "Lecture OCR confirmée par les données de référence",
  "ORIGINAL-REJECTED": "La commande d'origine a été refusée", "PRICE-ABSENT": "Pas de prix dans le document (prix du tarif)",
  "PRICE-LINE-AMOUNT": "Le montant de la ligne ne correspond pas au prix", "PRICE-UNREAD": "Le seul prix de la ligne n'est pas un prix unitaire appliqué (prix d'information...)",
  "PRICE-FROM-AMOUNT": "Prix unitaire calculé à partir du montant de la ligne", "PRICE-MISSING": "Prix manquant",
  "CLASSIFY-DOUBT": "Document lu à la fois comme une commande et comme autre chose (devis, facture)",
  "SELLER-CONFIRMATION": "Confirmation de commande du vendeur (la nôtre), pas la commande du client",
  "PRICE-NEGATIVE": "Prix négatif", "QTY-NOT-WHOLE": "Quantité non entière pour une unité à la pièce",
  "TOTAL-MISMATCH": "Le total ne correspond pas aux lignes", "UOM-CONVERTED": "Quantité convertie dans l'unité de l'article",
  "UOM-NOT-PRODUCT-UNIT": "Unité différente de celle de l'article", "X12-ALLOWANCE-UNREAD": "Remise ou frais X12 non lus",
  "COVER-NOTE": "Le texte de l'e-mail modifie ou conditionne la commande jointe : une personne l'applique",
  "UOM-PACK-UNSURE": "Mot d'emballage ambigu (carton = notre boîte ou un carton de plusieurs ?) : une personne décide",
  "MESSAGE-FUNCTION-HOLD": "Message EDI marqué copie, duplicata ou confirmation : une personne décide",
  "CHANGE-REFERENCE-MISMATCH": "Modification EDI : son propre numéro et la commande référencée désignent deux commandes différentes, une personne décide laquelle change",
  "EDI-QTY-UNREAD": "Quantité EDI autre que la quantité commandée (gratuite, etc.) non appliquée",
  "X12-DATE-INVALID": "Date X12 illisible", "X12-SCHEDULE-SPLIT": "Ligne livrée en plusieurs échéances",
  "X12-SE-COUNT": "Nombre de segments X12 incorrect (SE) : des segments manquent peut-être",
};

/** Refusals of the API in French by code (the English text comes from the server, with its details). */
const ERRORS_FR = {
  "NOT-FOUND": "Introuvable", "FORBIDDEN": "Votre rôle ne permet pas cette action", "CSRF": "Formulaire expiré : rechargez la page",
  "AUTH": "Session expirée : reconnectez-vous", "REVIEW-INVALID": "Des anomalies restent à corriger",
  "REVIEW-VALUE": "Valeur invalide", "ORDER-STATE": "La commande a changé d'état entre-temps",
  "ORDER-CLAIMED": "Un collègue travaille sur cette commande", "BAD-JSON": "Requête invalide", "BAD-BULK": "Sélection invalide",
  "BAD-COMMENT": "Un commentaire fait de 1 à 2000 caractères", "BAD-REPLY": "Réponse invalide (objet sur une ligne, message non vide)",
  "BAD-QUERY": "Filtre invalide", "BAD-DATE": "Date invalide", "BAD-PERIOD": "Période invalide", "BAD-PAGE": "Page invalide",
  "NO-PAGE": "Pas d'image pour cette page", "RETRY-BUSY": "Déjà en cours", "ACK-WAITING": "Accusé de réception en attente",
  "REPLY-NOT-EMAIL": "Cette commande n'est pas arrivée par e-mail : aucune réponse ne peut y être rattachée ; rien n'a été envoyé",
  "REPLY-NO-RELAY": "Aucun serveur d'envoi de courrier n'est configuré ([smtp.relay]) ; rien n'a été envoyé",
  "REPLY-ALREADY-SENT": "Cette réponse est déjà envoyée", "REPLY-SEND-FAILED": "Le serveur de courrier n'a pas pris la réponse ; rien n'a été envoyé",
};

/** An API refusal in the current language: French by code, with the issues it lists; else the server's text. */
export function errorMessage(code, message, issues = []) {
  if (getLang() !== "fr" || !ERRORS_FR[code]) return message;
  const listed = issues.length ? ` : ${issues.map(issueMessage).join(" ; ")}` : "";
  return `${ERRORS_FR[code]}${listed}`;
}

/** An issue's message in the current language (French by code, with the field; else the server's text). */
export function issueMessage(issue) {
  if (getLang() !== "fr" || !ISSUES_FR[issue.code]) return issue.message;
  const where = fieldPlace(issue.field);
  const detail = issueDetail(issue.message);
  return `${ISSUES_FR[issue.code]}${where ? ` — ${where}` : ""}${detail ? ` : ${detail}` : ""}`;
}

/** "lines[2].sku" as a clerk reads it: "ligne 2, Article" (the field labels of the current language). */
export function fieldPlace(field) {
  if (!field) return "";
  const m = /^lines\[(\d+)\](?:\.(\w+))?$/.exec(field);
  if (m) return m[2] ? `${t("issue.line", { n: m[1] })}, ${t(`field.${m[2]}`, {}, m[2])}` : t("issue.line", { n: m[1] });
  return t(`field.${field}`, {}, field);
}

/** The codes and figures an English message names (item codes, amounts), kept in a translated one. */
function issueDetail(message) {
  const found = String(message || "").match(/\b(?=[A-Z0-9-]*\d)[A-Z0-9][A-Z0-9.\/-]{2,}\b|\d+(?:\.\d+)?/g) || [];
  const words = [...new Set(found.filter((w) => !/^\d{1,2}$/.test(w)))];
  return words.slice(0, 4).join(", ");
}

/** The text of ``key`` in the current language with {name} placeholders filled; ``fallback`` when unknown. */
export function t(key, vars = {}, fallback) {
  const text = STRINGS[getLang()][key] ?? STRINGS.en[key] ?? fallback ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name) => (vars[name] ?? ""));
}

/** Fill every [data-i18n] element under ``root`` with its text. */
export function applyStatic(root) {
  for (const el of root.querySelectorAll("[data-i18n]")) el.textContent = t(el.dataset.i18n);
  document.documentElement.lang = getLang();
}

// How numbers and dates are written: fr 1 234,50 and 31/12/2026; de 1.234,50 and 31.12.2026; en 1,234.50
// and 31/12/2026. The interface language chooses by default; a clerk may pick another (console.numbers).
const FORMATS = { en: "en-GB", fr: "fr-FR", de: "de-DE" };
export const FORMAT_NAMES = Object.keys(FORMATS);

export function getFormat() {
  if (formatNow) return formatNow;
  const saved = window.localStorage.getItem("console.numbers");
  return FORMATS[saved] ? saved : getLang();
}

export function setFormat(format) {
  if (FORMATS[format]) window.localStorage.setItem("console.numbers", format);
}

let formatNow = null;  // set by withFormat while a value is read in another format

/** ``fn()`` with numbers and dates read and written in ``format`` (a word picked from a French page). */
export function withFormat(format, fn) {
  formatNow = format;
  try { return fn(); } finally { formatNow = null; }
}

const locale = () => FORMATS[getFormat()];

/** "1234.5" (as the API writes decimals) -> "1 234,5" / "1.234,5" / "1,234.5"; the digits after the point kept. */
export function fmtDecimal(text) {
  if (text === null || text === undefined || text === "") return "";
  const n = Number(text);
  if (!Number.isFinite(n)) return String(text);
  const point = String(text).match(/\.(\d+)$/);
  const digits = /e/i.test(String(text)) ? 6 : point ? point[1].length : 0;
  return new Intl.NumberFormat(locale(), { minimumFractionDigits: /e/i.test(String(text)) ? 0 : digits,
    maximumFractionDigits: Math.min(digits, 20), useGrouping: true }).format(n);
}

/** A number typed in the current format -> "1234.50" for the API; null when it is not one
 *  ("1.234,50" is refused in English, "1,234.50" in French and German: never guessed). */
export function parseDecimal(text) {
  const raw = String(text ?? "").trim().replace(/[\s\u00a0\u202f'’]/g, "");
  if (!raw) return "";
  const [group, dec] = { en: [",", "."], de: [".", ","], fr: ["", ","] }[getFormat()];
  const esc = (c) => c.replace(/[.]/g, "\\.");
  const grouped = group ? new RegExp(`^-?\\d{1,3}(${esc(group)}\\d{3})+(${esc(dec)}\\d+)?$`) : null;
  const plain = new RegExp(`^-?\\d+(${esc(dec)}\\d+)?$`);
  if (grouped?.test(raw)) return raw.split(group).join("").replace(dec, ".");
  if (plain.test(raw)) return raw.replace(dec, ".");
  if (getFormat() === "fr" && /^-?\d+\.\d+$/.test(raw)) return raw;  // 12.5 typed in French: a decimal point
  return null;
}

const DATE_SEP = { en: "/", fr: "/", de: "." };

/** "2026-12-31" -> "31/12/2026" (en, fr) or "31.12.2026" (de). */
export function fmtDate(iso) {
  const m = String(iso ?? "").match(/^(\d{4})-(\d{2})-(\d{2})$/);
  if (!m) return iso ? String(iso) : "";
  const sep = DATE_SEP[getFormat()];
  return `${m[3]}${sep}${m[2]}${sep}${m[1]}`;
}

/** A date typed day first (31/12/2026, 31.12.26) or as ISO 2026-12-31 -> "2026-12-31"; null when it is no date. */
export function parseDate(text) {
  const raw = String(text ?? "").trim();
  if (!raw) return "";
  let m = raw.match(/^(\d{4})-(\d{1,2})-(\d{1,2})$/);
  let [y, mo, d] = m ? [m[1], m[2], m[3]] : [];
  if (!m) {
    m = raw.match(/^(\d{1,2})[/.](\d{1,2})[/.](\d{4}|\d{2})$/);
    if (!m) return null;
    [d, mo, y] = [m[1], m[2], m[3].length === 2 ? `20${m[3]}` : m[3]];
  }
  const date = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d)));
  if (date.getUTCDate() !== Number(d) || date.getUTCMonth() !== Number(mo) - 1) return null;
  return date.toISOString().slice(0, 10);
}

/** What the date fields ask for, in the current format. */
export function datePattern() {
  return { en: "dd/mm/yyyy", fr: "jj/mm/aaaa", de: "TT.MM.JJJJ" }[getFormat()];
}

export function fmtDateTime(iso, timeOnly = false, dateOnly = false) {
  if (!iso) return "—";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const opts = timeOnly ? { hour: "2-digit", minute: "2-digit", second: "2-digit" }
    : dateOnly ? { day: "2-digit", month: "2-digit" }
      : { day: "2-digit", month: "2-digit", hour: "2-digit", minute: "2-digit" };
  return new Intl.DateTimeFormat(locale(), opts).format(d);
}

/** 5400 -> "1 h 30 min"; negative values are read as lateness. */
export function fmtDuration(seconds) {
  const s = Math.abs(Math.round(seconds));
  const d = Math.floor(s / 86400), hh = Math.floor((s % 86400) / 3600), mm = Math.floor((s % 3600) / 60);
  if (d) return `${d} ${getLang() === "fr" ? "j" : "d"} ${hh} h`;
  if (hh) return `${hh} h ${String(mm).padStart(2, "0")} min`;
  return `${mm} min`;
}

export function fmtLeft(seconds) {
  return seconds < 0 ? t("sla.late", { d: fmtDuration(seconds) }) : t("sla.left", { d: fmtDuration(seconds) });
}

export function fmtMinutes(minutes) {
  if (minutes === null || minutes === undefined) return "—";
  if (minutes < 1) return `${Math.round(minutes * 60)} s`;
  return fmtDuration(minutes * 60);
}

export function fmtPct(share) {
  if (share === null || share === undefined) return "—";
  return new Intl.NumberFormat(locale(), { style: "percent", maximumFractionDigits: 0 }).format(share);
}

export function fmtNum(n) {
  return n === null || n === undefined ? "—" : new Intl.NumberFormat(locale(), { maximumFractionDigits: 1 }).format(n);
}

export function fmtBytes(n) {
  if (n === null || n === undefined) return "—";
  return n < 1024 ? `${n} B` : n < 1048576 ? `${(n / 1024).toFixed(1)} KB` : `${(n / 1048576).toFixed(1)} MB`;
}
