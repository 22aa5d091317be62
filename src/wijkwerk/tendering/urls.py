from django.urls import path

from . import assess_views, letter_views, method_views, views

P = "g/<slug:slug>/aanbestedingen/"
T = P + "<int:tender_id>/"

urlpatterns = [
    path(P, views.tender_list_page, name="tender-list"),
    path(P + "nieuw", method_views.tender_new, name="tender-new"),
    path(T, views.tender_detail, name="tender-detail"),
    path(T + "methode", method_views.tender_method_page, name="tender-method"),
    path(T + "methode.yaml", method_views.tender_method_download, name="tender-method-download"),
    path(T + "publiceren", views.tender_publish, name="tender-publish"),
    path(T + "voorzitter", views.tender_chair, name="tender-chair"),
    path(T + "inschrijfbiljet.xlsx", views.tender_template, name="tender-template"),
    path(T + "inschrijvingen", views.tender_bids, name="tender-bids"),
    path(T + "inschrijvingen/status", views.tender_bids_status, name="tender-bids-status"),
    path(T + "beoordeling-starten", views.tender_start, name="tender-start"),
    path(T + "rapport", views.tender_report, name="tender-report"),
    path(T + "inschrijvingen/<int:bid_id>/onderzoek", views.tender_followup, name="tender-followup"),
    path(T + "loting", views.tender_lot, name="tender-lot"),
    path(T + "brieven", letter_views.tender_letters, name="tender-letters"),
    path(T + "brieven.zip", letter_views.tender_letters_zip, name="tender-letters-zip"),
    path(T + "brieven/<int:bid_id>.pdf", letter_views.tender_letter_pdf, name="tender-letter-pdf"),
    path(T + "brieven/<int:bid_id>.docx", letter_views.tender_letter_docx, name="tender-letter-docx"),
    path(T + "beoordelen", assess_views.tender_assess, name="tender-assess"),
    path(T + "beoordelen/<int:bid_id>", assess_views.tender_assess_bid, name="tender-assess-bid"),
    path(T + "consensus/<int:bid_id>", assess_views.tender_consensus, name="tender-consensus"),
]
