package web

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"aims/internal/aims"
	"aims/internal/secret"
)

// allowed says who may use each route, written by hand from the product's
// rules and not from the route table: A admin, M manager, C contributor,
// U auditor, V viewer. The walk compares every route's real answer with
// it, so a route given the wrong permission in the table fails, and so
// does a route added without a line here.
var allowed = map[string]string{
	// One's own session and tokens.
	"POST /switch-org":                "AMCUV",
	"GET /tokens":                     "AMCUV",
	"POST /tokens":                    "AMCUV",
	"POST /tokens/{id}/revoke":        "AMCUV",
	"GET /api/v1/me":                  "AMCUV",
	"GET /api/v1/tokens":              "AMCUV",
	"POST /api/v1/tokens":             "AMCUV",
	"POST /api/v1/tokens/{id}/revoke": "AMCUV",
	// Reading the registers and the catalog: everyone.
	"GET /{$}":                                   "AMCUV",
	"GET /catalog":                               "AMCUV",
	"GET /catalog/{framework}":                   "AMCUV",
	"GET /catalog/{framework}/{id}":              "AMCUV",
	"GET /ai-systems":                            "AMCUV",
	"GET /ai-systems.csv":                        "AMCUV",
	"GET /ai-systems/{id}":                       "AMCUV",
	"GET /gap":                                   "AMCUV",
	"GET /gap/report":                            "AMCUV",
	"GET /gap/report.pdf":                        "AMCUV",
	"GET /gap/report.csv":                        "AMCUV",
	"GET /gap/{id}":                              "AMCUV",
	"GET /people":                                "AMCUV",
	"GET /api/v1/frameworks":                     "AMCUV",
	"GET /api/v1/frameworks/{id}/requirements":   "AMCUV",
	"GET /api/v1/ai-systems":                     "AMCUV",
	"GET /api/v1/ai-systems.csv":                 "AMCUV",
	"GET /api/v1/ai-systems/{id}":                "AMCUV",
	"GET /api/v1/ai-systems/{id}/history":        "AMCUV",
	"GET /api/v1/gap-assessment":                 "AMCUV",
	"GET /api/v1/gap-assessment.csv":             "AMCUV",
	"GET /api/v1/gap-assessment/{requirementID}": "AMCUV",
	"GET /api/v1/members":                        "AMCUV",
	"GET /management":                            "AMCUV",
	"GET /roles/raci":                            "AMCUV",
	"GET /api/v1/raci":                           "AMCUV",
	"GET /documents/retention":                   "AMCUV",
	"GET /api/v1/retention":                      "AMCUV",
	"GET /my-work":                               "AMCUV",
	"GET /due":                                   "AMCUV",
	"POST /my-work/calendar":                     "AMCUV",
	"POST /my-work/calendar/revoke":              "AMCUV",
	"GET /api/v1/due-work":                       "AMCUV",
	"GET /api/v1/ai-systems/{id}/evidence-check": "AMCUV",
	"GET /management.csv":                        "AMCUV",
	"GET /management/{id}":                       "AMCUV",
	"GET /api/v1/designations":                   "AMCUV",
	"GET /api/v1/designations.csv":               "AMCUV",
	"GET /api/v1/designations/{id}":              "AMCUV",
	"GET /api/v1/designations/{id}/history":      "AMCUV",
	"GET /evidence":                              "AMCUV",
	"GET /evidence.csv":                          "AMCUV",
	"GET /evidence/{id}":                         "AMCUV",
	"GET /evidence/{id}/content":                 "AMCUV",
	"GET /api/v1/evidence":                       "AMCUV",
	"GET /api/v1/evidence.csv":                   "AMCUV",
	"GET /api/v1/evidence/{id}":                  "AMCUV",
	"GET /api/v1/evidence/{id}/content":          "AMCUV",
	"GET /api/v1/evidence/{id}/history":          "AMCUV",
	"GET /documents":                             "AMCUV",
	"GET /documents.csv":                         "AMCUV",
	"GET /documents/{id}":                        "AMCUV",
	"GET /documents/{id}/compare":                "AMCUV",
	"GET /documents/{id}/pdf":                    "AMCUV",
	"GET /api/v1/documents":                      "AMCUV",
	"GET /api/v1/documents.csv":                  "AMCUV",
	"GET /api/v1/documents/{id}":                 "AMCUV",
	"GET /api/v1/documents/{id}/versions":        "AMCUV",
	"GET /api/v1/documents/{id}/text":            "AMCUV",
	"GET /api/v1/documents/{id}/history":         "AMCUV",
	// Editing records: contributors and up; auditors and viewers never.
	"GET /ai-systems/new":                        "AMC",
	"POST /ai-systems":                           "AMC",
	"GET /ai-systems/{id}/edit":                  "AMC",
	"POST /ai-systems/{id}":                      "AMC",
	"GET /ai-systems/{id}/classify":              "AMC",
	"POST /ai-systems/{id}/classify":             "AMC",
	"POST /ai-systems/{id}/reviewed":             "AMC",
	"POST /gap/{id}":                             "AMC",
	"POST /api/v1/ai-systems":                    "AMC",
	"PUT /api/v1/ai-systems/{id}":                "AMC",
	"PUT /api/v1/gap-assessment/{requirementID}": "AMC",
	"GET /evidence/new":                          "AMC",
	"POST /evidence":                             "AMC",
	"POST /evidence/attach":                      "AMC",
	"POST /evidence/detach":                      "AMC",
	"GET /evidence/{id}/edit":                    "AMC",
	"POST /evidence/{id}":                        "AMC",
	"POST /api/v1/evidence":                      "AMC",
	"PUT /api/v1/evidence/{id}":                  "AMC",
	"POST /api/v1/evidence/{id}/attach":          "AMC",
	"POST /api/v1/evidence/{id}/detach":          "AMC",
	"GET /documents/new":                         "AMC",
	"POST /documents":                            "AMC",
	"GET /documents/{id}/edit":                   "AMC",
	"POST /documents/{id}":                       "AMC",
	"GET /documents/{id}/draft":                  "AMC",
	"POST /documents/{id}/draft":                 "AMC",
	"POST /documents/{id}/submit":                "AMC",
	"POST /documents/{id}/new-version":           "AMC",
	"POST /api/v1/documents":                     "AMC",
	"PUT /api/v1/documents/{id}":                 "AMC",
	"PUT /api/v1/documents/{id}/draft":           "AMC",
	"POST /api/v1/documents/{id}/submit":         "AMC",
	"POST /api/v1/documents/{id}/new-version":    "AMC",
	// Archiving and restoring: managers and admins.
	"POST /ai-systems/{id}/archive":        "AM",
	"POST /ai-systems/{id}/restore":        "AM",
	"POST /api/v1/ai-systems/{id}/archive": "AM",
	"POST /api/v1/ai-systems/{id}/restore": "AM",
	"POST /evidence/{id}/archive":          "AM",
	"POST /evidence/{id}/restore":          "AM",
	"POST /api/v1/evidence/{id}/archive":   "AM",
	"POST /api/v1/evidence/{id}/restore":   "AM",
	// Archiving documents, and returning or approving a version in review
	// (the AI policy and the scope further need a designation).
	"POST /documents/{id}/archive":        "AM",
	"POST /documents/{id}/restore":        "AM",
	"POST /documents/{id}/return":         "AM",
	"POST /documents/{id}/approve":        "AM",
	"POST /api/v1/documents/{id}/archive": "AM",
	"POST /api/v1/documents/{id}/restore": "AM",
	"POST /api/v1/documents/{id}/return":  "AM",
	"POST /api/v1/documents/{id}/approve": "AM",
	// The audit trail, its signed head, the security log and each person's
	// record: those who answer for the system, and its auditors.
	"GET /audit":                   "AMU",
	"GET /audit/checkpoint.json":   "AMU",
	"GET /api/v1/audit-events":     "AMU",
	"GET /api/v1/audit-checkpoint": "AMU",
	"GET /people/{id}":             "AMU",
	"GET /security":                "AMU",
	"GET /api/v1/security-events":  "AMU",
	// Interested parties and obligations: read by everyone, written by
	// contributors and up, archived by managers and admins.
	"GET /interested-parties":                          "AMCUV",
	"GET /interested-parties.csv":                      "AMCUV",
	"GET /interested-parties/{id}":                     "AMCUV",
	"GET /interested-parties/new":                      "AMC",
	"POST /interested-parties":                         "AMC",
	"GET /interested-parties/{id}/edit":                "AMC",
	"POST /interested-parties/{id}":                    "AMC",
	"POST /interested-parties/{id}/archive":            "AM",
	"POST /interested-parties/{id}/restore":            "AM",
	"GET /api/v1/interested-parties":                   "AMCUV",
	"GET /api/v1/interested-parties.csv":               "AMCUV",
	"GET /api/v1/interested-parties/{id}":              "AMCUV",
	"GET /api/v1/interested-parties/{id}/history":      "AMCUV",
	"POST /api/v1/interested-parties":                  "AMC",
	"PUT /api/v1/interested-parties/{id}":              "AMC",
	"POST /api/v1/interested-parties/{id}/archive":     "AM",
	"POST /api/v1/interested-parties/{id}/restore":     "AM",
	"GET /obligations":                                 "AMCUV",
	"GET /obligations.csv":                             "AMCUV",
	"GET /obligations/{id}":                            "AMCUV",
	"GET /obligations/new":                             "AMC",
	"POST /obligations":                                "AMC",
	"GET /obligations/{id}/edit":                       "AMC",
	"POST /obligations/{id}":                           "AMC",
	"POST /obligations/{id}/archive":                   "AM",
	"POST /obligations/{id}/restore":                   "AM",
	"POST /ai-systems/{id}/propose-obligations":        "AMC",
	"GET /api/v1/obligations":                          "AMCUV",
	"GET /api/v1/obligations.csv":                      "AMCUV",
	"GET /api/v1/obligations/{id}":                     "AMCUV",
	"GET /api/v1/obligations/{id}/history":             "AMCUV",
	"POST /api/v1/obligations":                         "AMC",
	"PUT /api/v1/obligations/{id}":                     "AMC",
	"POST /api/v1/obligations/{id}/archive":            "AM",
	"POST /api/v1/obligations/{id}/restore":            "AM",
	"POST /api/v1/ai-systems/{id}/propose-obligations": "AMC",
	// Third parties (A.10, 8.1): everyone reads, contributors and up record,
	// allocate responsibilities and assess, managers and admins archive.
	"GET /third-parties":                              "AMCUV",
	"GET /third-parties.csv":                          "AMCUV",
	"GET /third-parties/{id}":                         "AMCUV",
	"GET /third-parties/new":                          "AMC",
	"POST /third-parties":                             "AMC",
	"GET /third-parties/{id}/edit":                    "AMC",
	"POST /third-parties/{id}":                        "AMC",
	"GET /third-parties/{id}/responsibilities":        "AMC",
	"POST /third-parties/{id}/responsibilities":       "AMC",
	"GET /third-parties/{id}/assessments/new":         "AMC",
	"POST /third-parties/{id}/assessments":            "AMC",
	"POST /third-parties/{id}/archive":                "AM",
	"POST /third-parties/{id}/restore":                "AM",
	"GET /api/v1/third-parties":                       "AMCUV",
	"GET /api/v1/third-parties.csv":                   "AMCUV",
	"GET /api/v1/third-parties/{id}":                  "AMCUV",
	"GET /api/v1/third-parties/{id}/history":          "AMCUV",
	"POST /api/v1/third-parties":                      "AMC",
	"PUT /api/v1/third-parties/{id}":                  "AMC",
	"PUT /api/v1/third-parties/{id}/responsibilities": "AMC",
	"POST /api/v1/third-parties/{id}/assessments":     "AMC",
	"POST /api/v1/third-parties/{id}/archive":         "AM",
	"POST /api/v1/third-parties/{id}/restore":         "AM",
	// Managing people: admins.
	"POST /people":                         "A",
	"POST /people/{id}":                    "A",
	"POST /people/{id}/invite":             "A",
	"POST /api/v1/members":                 "A",
	"PUT /api/v1/members/{id}":             "A",
	"POST /api/v1/members/{id}/invitation": "A",
	// Designating top and AI risk management: admins, since a designation
	// is what lets a person approve the AI policy or accept residual risk.
	"GET /management/new":                    "A",
	"POST /management":                       "A",
	"GET /management/{id}/edit":              "A",
	"POST /management/{id}":                  "A",
	"POST /management/{id}/archive":          "A",
	"POST /management/{id}/restore":          "A",
	"POST /api/v1/designations":              "A",
	"PUT /api/v1/designations/{id}":          "A",
	"POST /api/v1/designations/{id}/archive": "A",
	"POST /api/v1/designations/{id}/restore": "A",
	// Retention, legal holds and disposal: admins, since disposal removes
	// a version's text for good.
	"POST /documents/retention":              "A",
	"POST /documents/{id}/legal-hold":        "A",
	"POST /documents/{id}/dispose":           "A",
	"PUT /api/v1/retention":                  "A",
	"POST /api/v1/documents/{id}/legal-hold": "A",
	"POST /api/v1/documents/{id}/dispose":    "A",
	// Webhooks: admins, since an endpoint receives the organization's due work.
	"GET /webhooks":                        "A",
	"POST /webhooks":                       "A",
	"GET /webhooks/{id}":                   "A",
	"POST /webhooks/{id}":                  "A",
	"POST /webhooks/{id}/test":             "A",
	"POST /webhooks/{id}/archive":          "A",
	"POST /webhooks/{id}/restore":          "A",
	"GET /api/v1/webhooks":                 "A",
	"POST /api/v1/webhooks":                "A",
	"GET /api/v1/webhooks/{id}":            "A",
	"PUT /api/v1/webhooks/{id}":            "A",
	"POST /api/v1/webhooks/{id}/test":      "A",
	"GET /api/v1/webhooks/{id}/deliveries": "A",
	"POST /api/v1/webhooks/{id}/archive":   "A",
	"POST /api/v1/webhooks/{id}/restore":   "A",

	// The context of the organization (4.1) and the AIMS processes (4.4):
	// reading for everyone, editing for contributors and up, archiving for
	// managers and admins.
	"GET /context-issues":                      "AMCUV",
	"GET /context-issues.csv":                  "AMCUV",
	"GET /context-issues/{id}":                 "AMCUV",
	"GET /context/{id}":                        "AMCUV",
	"GET /api/v1/context-issues":               "AMCUV",
	"GET /api/v1/context-issues.csv":           "AMCUV",
	"GET /api/v1/context-issues/{id}":          "AMCUV",
	"GET /api/v1/context-issues/{id}/history":  "AMCUV",
	"GET /api/v1/context":                      "AMCUV",
	"GET /api/v1/context/history":              "AMCUV",
	"GET /scope":                               "AMCUV",
	"GET /scope/{id}":                          "AMCUV",
	"POST /scope":                              "AMC",
	"GET /api/v1/scope":                        "AMCUV",
	"PUT /api/v1/scope":                        "AMC",
	"GET /api/v1/scope/history":                "AMCUV",
	"GET /processes":                           "AMCUV",
	"GET /processes.csv":                       "AMCUV",
	"GET /processes/map":                       "AMCUV",
	"GET /processes/{id}":                      "AMCUV",
	"GET /api/v1/processes":                    "AMCUV",
	"GET /api/v1/processes.csv":                "AMCUV",
	"GET /api/v1/processes/{id}":               "AMCUV",
	"GET /api/v1/processes/{id}/history":       "AMCUV",
	"GET /context-issues/new":                  "AMC",
	"POST /context-issues":                     "AMC",
	"GET /context-issues/{id}/edit":            "AMC",
	"POST /context-issues/{id}":                "AMC",
	"POST /context":                            "AMC",
	"POST /api/v1/context-issues":              "AMC",
	"PUT /api/v1/context-issues/{id}":          "AMC",
	"PUT /api/v1/context":                      "AMC",
	"GET /processes/new":                       "AMC",
	"POST /processes":                          "AMC",
	"GET /processes/{id}/edit":                 "AMC",
	"POST /processes/{id}":                     "AMC",
	"POST /api/v1/processes":                   "AMC",
	"PUT /api/v1/processes/{id}":               "AMC",
	"POST /context-issues/{id}/archive":        "AM",
	"POST /context-issues/{id}/restore":        "AM",
	"POST /api/v1/context-issues/{id}/archive": "AM",
	"POST /api/v1/context-issues/{id}/restore": "AM",
	"POST /processes/{id}/archive":             "AM",
	"POST /processes/{id}/restore":             "AM",
	"POST /api/v1/processes/{id}/archive":      "AM",
	"POST /api/v1/processes/{id}/restore":      "AM",
	// Concerns (A.3.3): everyone reads, contributors and up log and triage,
	// managers and admins archive; only admins open, close or move the
	// public reporting page. The page itself (/report/{key}) is public.
	"GET /concerns":                      "AMCUV",
	"GET /concerns.csv":                  "AMCUV",
	"GET /concerns/{id}":                 "AMCUV",
	"GET /api/v1/concerns":               "AMCUV",
	"GET /api/v1/concerns.csv":           "AMCUV",
	"GET /api/v1/concerns/{id}":          "AMCUV",
	"GET /api/v1/concerns/{id}/history":  "AMCUV",
	"GET /api/v1/concern-channel":        "AMCUV",
	"GET /concerns/new":                  "AMC",
	"POST /concerns":                     "AMC",
	"POST /concerns/{id}":                "AMC",
	"POST /api/v1/concerns":              "AMC",
	"PUT /api/v1/concerns/{id}":          "AMC",
	"POST /concerns/{id}/archive":        "AM",
	"POST /concerns/{id}/restore":        "AM",
	"POST /api/v1/concerns/{id}/archive": "AM",
	"POST /api/v1/concerns/{id}/restore": "AM",
	"POST /concerns/public-page":         "A",
	"POST /api/v1/concern-channel":       "A",

	// Acknowledgement campaigns: everyone reads and acknowledges for
	// themselves; contributors launch; managers record on someone's behalf.
	"GET /acknowledgements":                          "AMCUV",
	"GET /acknowledgements/mine":                     "AMCUV",
	"GET /acknowledgements/new":                      "AMC",
	"POST /acknowledgements":                         "AMC",
	"GET /acknowledgements/{id}":                     "AMCUV",
	"GET /acknowledgements/{id}/people.csv":          "AMCUV",
	"GET /acknowledgements/{id}/edit":                "AMC",
	"POST /acknowledgements/{id}":                    "AMC",
	"POST /acknowledgements/{id}/acknowledge":        "AMCUV",
	"POST /acknowledgements/{id}/record":             "AM",
	"POST /acknowledgements/{id}/archive":            "AM",
	"POST /acknowledgements/{id}/restore":            "AM",
	"GET /api/v1/acknowledgements":                   "AMCUV",
	"GET /api/v1/my-acknowledgements":                "AMCUV",
	"POST /api/v1/acknowledgements":                  "AMC",
	"GET /api/v1/acknowledgements/{id}":              "AMCUV",
	"PUT /api/v1/acknowledgements/{id}":              "AMC",
	"GET /api/v1/acknowledgements/{id}/people":       "AMCUV",
	"GET /api/v1/acknowledgements/{id}/people.csv":   "AMCUV",
	"POST /api/v1/acknowledgements/{id}/acknowledge": "AMCUV",
	"POST /api/v1/acknowledgements/{id}/record":      "AM",
	"POST /api/v1/acknowledgements/{id}/archive":     "AM",
	"POST /api/v1/acknowledgements/{id}/restore":     "AM",
	"GET /api/v1/acknowledgements/{id}/history":      "AMCUV",

	// Life-cycle records (A.6) and the stage gate: everyone reads,
	// contributors and up write records and readings, managers and admins
	// approve (never their own), archive and override the gate (a manager
	// only while designated to AI risk management), admins set the gate.
	"GET /lifecycle":                               "AMCUV",
	"GET /lifecycle.csv":                           "AMCUV",
	"GET /lifecycle/new":                           "AMC",
	"POST /lifecycle":                              "AMC",
	"GET /lifecycle/{id}":                          "AMCUV",
	"GET /lifecycle/{id}/edit":                     "AMC",
	"POST /lifecycle/{id}":                         "AMC",
	"POST /lifecycle/{id}/approve":                 "AM",
	"POST /lifecycle/{id}/readings":                "AMC",
	"POST /lifecycle/{id}/archive":                 "AM",
	"POST /lifecycle/{id}/restore":                 "AM",
	"GET /ai-systems/{id}/lifecycle":               "AMCUV",
	"POST /ai-systems/{id}/lifecycle/override":     "AM",
	"GET /lifecycle-gate":                          "AMCUV",
	"POST /lifecycle-gate":                         "A",
	"GET /api/v1/lifecycle-records":                "AMCUV",
	"GET /api/v1/lifecycle-records.csv":            "AMCUV",
	"POST /api/v1/lifecycle-records":               "AMC",
	"GET /api/v1/lifecycle-records/{id}":           "AMCUV",
	"PUT /api/v1/lifecycle-records/{id}":           "AMC",
	"POST /api/v1/lifecycle-records/{id}/approve":  "AM",
	"GET /api/v1/lifecycle-records/{id}/readings":  "AMCUV",
	"POST /api/v1/lifecycle-records/{id}/readings": "AMC",
	"POST /api/v1/lifecycle-records/{id}/archive":  "AM",
	"POST /api/v1/lifecycle-records/{id}/restore":  "AM",
	"GET /api/v1/lifecycle-records/{id}/history":   "AMCUV",
	"GET /api/v1/ai-systems/{id}/lifecycle":        "AMCUV",
	"GET /api/v1/ai-systems/{id}/stage-gate":       "AMCUV",
	"POST /api/v1/ai-systems/{id}/stage-override":  "AM",
	"GET /api/v1/lifecycle-gate":                   "AMCUV",
	"PUT /api/v1/lifecycle-gate":                   "A",

	// The communication plan (7.4): everyone reads, contributors and up
	// plan and log, managers and admins archive.
	"GET /use-reviews":                         "AMCUV",
	"GET /use-reviews.csv":                     "AMCUV",
	"GET /use-reviews/{id}":                    "AMCUV",
	"GET /api/v1/use-reviews":                  "AMCUV",
	"GET /api/v1/use-reviews.csv":              "AMCUV",
	"GET /api/v1/use-reviews/{id}":             "AMCUV",
	"GET /api/v1/use-reviews/{id}/history":     "AMCUV",
	"GET /use-reviews/new":                     "AMC",
	"POST /use-reviews":                        "AMC",
	"GET /use-reviews/{id}/edit":               "AMC",
	"POST /use-reviews/{id}":                   "AMC",
	"POST /api/v1/use-reviews":                 "AMC",
	"PUT /api/v1/use-reviews/{id}":             "AMC",
	"POST /use-reviews/{id}/archive":           "AM",
	"POST /use-reviews/{id}/restore":           "AM",
	"POST /api/v1/use-reviews/{id}/archive":    "AM",
	"POST /api/v1/use-reviews/{id}/restore":    "AM",
	"GET /communication":                       "AMCUV",
	"GET /communication.csv":                   "AMCUV",
	"GET /communication/{id}":                  "AMCUV",
	"GET /api/v1/communications":               "AMCUV",
	"GET /api/v1/communications.csv":           "AMCUV",
	"GET /api/v1/communications/{id}":          "AMCUV",
	"GET /api/v1/communications/{id}/sends":    "AMCUV",
	"GET /api/v1/communications/{id}/history":  "AMCUV",
	"GET /communication/new":                   "AMC",
	"POST /communication":                      "AMC",
	"GET /communication/{id}/edit":             "AMC",
	"POST /communication/{id}":                 "AMC",
	"POST /communication/{id}/sent":            "AMC",
	"POST /api/v1/communications":              "AMC",
	"PUT /api/v1/communications/{id}":          "AMC",
	"POST /api/v1/communications/{id}/sends":   "AMC",
	"POST /communication/{id}/archive":         "AM",
	"POST /communication/{id}/restore":         "AM",
	"POST /api/v1/communications/{id}/archive": "AM",
	"POST /api/v1/communications/{id}/restore": "AM",
	// AI incidents, the incident communication plan and information for
	// interested parties (A.8.2-A.8.5): everyone reads, contributors and up
	// write, managers and admins archive.
	"GET /incidents":                               "AMCUV",
	"GET /incidents.csv":                           "AMCUV",
	"GET /incidents/{id}":                          "AMCUV",
	"GET /api/v1/incidents":                        "AMCUV",
	"GET /api/v1/incidents.csv":                    "AMCUV",
	"GET /api/v1/incidents/{id}":                   "AMCUV",
	"GET /api/v1/incidents/{id}/messages":          "AMCUV",
	"GET /api/v1/incidents/{id}/history":           "AMCUV",
	"GET /incidents/new":                           "AMC",
	"POST /incidents":                              "AMC",
	"GET /incidents/{id}/edit":                     "AMC",
	"POST /incidents/{id}":                         "AMC",
	"POST /incidents/{id}/communicated":            "AMC",
	"POST /incidents/{id}/authority-report":        "AMC",
	"POST /api/v1/incidents":                       "AMC",
	"PUT /api/v1/incidents/{id}":                   "AMC",
	"POST /api/v1/incidents/{id}/messages":         "AMC",
	"POST /api/v1/incidents/{id}/authority-report": "AMC",
	"POST /incidents/{id}/archive":                 "AM",
	"POST /incidents/{id}/restore":                 "AM",
	"POST /api/v1/incidents/{id}/archive":          "AM",
	"POST /api/v1/incidents/{id}/restore":          "AM",
	"GET /incident-plan":                           "AMCUV",
	"GET /incident-plan.csv":                       "AMCUV",
	"GET /incident-plan/{id}":                      "AMCUV",
	"GET /api/v1/incident-plan":                    "AMCUV",
	"GET /api/v1/incident-plan.csv":                "AMCUV",
	"GET /api/v1/incident-plan/{id}":               "AMCUV",
	"GET /api/v1/incident-plan/{id}/history":       "AMCUV",
	"GET /incident-plan/new":                       "AMC",
	"POST /incident-plan":                          "AMC",
	"GET /incident-plan/{id}/edit":                 "AMC",
	"POST /incident-plan/{id}":                     "AMC",
	"POST /api/v1/incident-plan":                   "AMC",
	"PUT /api/v1/incident-plan/{id}":               "AMC",
	"POST /incident-plan/{id}/archive":             "AM",
	"POST /incident-plan/{id}/restore":             "AM",
	"POST /api/v1/incident-plan/{id}/archive":      "AM",
	"POST /api/v1/incident-plan/{id}/restore":      "AM",
	"GET /information":                             "AMCUV",
	"GET /information.csv":                         "AMCUV",
	"GET /information/{id}":                        "AMCUV",
	"GET /api/v1/information":                      "AMCUV",
	"GET /api/v1/information.csv":                  "AMCUV",
	"GET /api/v1/information/{id}":                 "AMCUV",
	"GET /api/v1/information/{id}/history":         "AMCUV",
	"GET /information/new":                         "AMC",
	"POST /information":                            "AMC",
	"GET /information/{id}/edit":                   "AMC",
	"POST /information/{id}":                       "AMC",
	"POST /api/v1/information":                     "AMC",
	"PUT /api/v1/information/{id}":                 "AMC",
	"POST /information/{id}/archive":               "AM",
	"POST /information/{id}/restore":               "AM",
	"POST /api/v1/information/{id}/archive":        "AM",
	"POST /api/v1/information/{id}/restore":        "AM",
	// People in the AIMS, competences, AIMS roles and competence records:
	// everyone reads them and the gap view, contributors and up edit,
	// managers and admins archive.
	"GET /staff":                                  "AMCUV",
	"GET /staff.csv":                              "AMCUV",
	"GET /staff/{id}":                             "AMCUV",
	"GET /api/v1/staff":                           "AMCUV",
	"GET /api/v1/staff.csv":                       "AMCUV",
	"GET /api/v1/staff/{id}":                      "AMCUV",
	"GET /api/v1/staff/{id}/history":              "AMCUV",
	"GET /competences":                            "AMCUV",
	"GET /competences.csv":                        "AMCUV",
	"GET /competences/{id}":                       "AMCUV",
	"GET /api/v1/competences":                     "AMCUV",
	"GET /api/v1/competences.csv":                 "AMCUV",
	"GET /api/v1/competences/{id}":                "AMCUV",
	"GET /api/v1/competences/{id}/history":        "AMCUV",
	"GET /roles":                                  "AMCUV",
	"GET /roles.csv":                              "AMCUV",
	"GET /roles/{id}":                             "AMCUV",
	"GET /api/v1/aims-roles":                      "AMCUV",
	"GET /api/v1/aims-roles.csv":                  "AMCUV",
	"GET /api/v1/aims-roles/{id}":                 "AMCUV",
	"GET /api/v1/aims-roles/{id}/history":         "AMCUV",
	"GET /training":                               "AMCUV",
	"GET /training.csv":                           "AMCUV",
	"GET /training/{id}":                          "AMCUV",
	"GET /api/v1/competence-records":              "AMCUV",
	"GET /api/v1/competence-records.csv":          "AMCUV",
	"GET /api/v1/competence-records/{id}":         "AMCUV",
	"GET /api/v1/competence-records/{id}/history": "AMCUV",
	"GET /competence-gaps":                        "AMCUV",
	"GET /competence-gaps.csv":                    "AMCUV",
	"GET /api/v1/competence-gaps":                 "AMCUV",
	"GET /api/v1/competence-gaps.csv":             "AMCUV",
	"GET /staff/new":                              "AMC",
	"POST /staff":                                 "AMC",
	"GET /staff/{id}/edit":                        "AMC",
	"POST /staff/{id}":                            "AMC",
	"POST /api/v1/staff":                          "AMC",
	"PUT /api/v1/staff/{id}":                      "AMC",
	// Impact assessments (6.1.4, 8.4, A.5): everyone reads, contributors
	// write and submit drafts, managers return, approve, archive and set
	// the impact criteria.
	"GET /impact-assessments":                           "AMCUV",
	"GET /impact-assessments.csv":                       "AMCUV",
	"GET /impact-assessments/new":                       "AMC",
	"POST /impact-assessments":                          "AMC",
	"GET /impact-assessments/{id}":                      "AMCUV",
	"GET /impact-assessments/{id}/edit":                 "AMC",
	"POST /impact-assessments/{id}":                     "AMC",
	"GET /impact-assessments/{id}/pdf":                  "AMCUV",
	"GET /impact-assessments/{id}/fria":                 "AMCUV",
	"GET /impact-assessments/{id}/fria.pdf":             "AMCUV",
	"POST /impact-assessments/{id}/submit":              "AMC",
	"POST /impact-assessments/{id}/return":              "AM",
	"POST /impact-assessments/{id}/approve":             "AM",
	"POST /impact-assessments/{id}/archive":             "AM",
	"POST /impact-assessments/{id}/restore":             "AM",
	"GET /impact-criteria":                              "AMCUV",
	"GET /impact-criteria/{id}":                         "AMCUV",
	"POST /impact-criteria":                             "AM",
	"GET /api/v1/impact-assessments":                    "AMCUV",
	"GET /api/v1/impact-assessments.csv":                "AMCUV",
	"POST /api/v1/impact-assessments":                   "AMC",
	"GET /api/v1/impact-assessments/{id}":               "AMCUV",
	"PUT /api/v1/impact-assessments/{id}":               "AMC",
	"POST /api/v1/impact-assessments/{id}/submit":       "AMC",
	"POST /api/v1/impact-assessments/{id}/return":       "AM",
	"POST /impact-assessments/{id}/propose-risk":        "AMC",
	"POST /api/v1/impact-assessments/{id}/link-risk":    "AMC",
	"POST /api/v1/impact-assessments/{id}/propose-risk": "AMC",
	"POST /api/v1/impact-assessments/{id}/approve":      "AM",
	"POST /api/v1/impact-assessments/{id}/archive":      "AM",
	"POST /api/v1/impact-assessments/{id}/restore":      "AM",
	"GET /api/v1/impact-assessments/{id}/history":       "AMCUV",
	"GET /api/v1/impact-criteria":                       "AMCUV",
	"PUT /api/v1/impact-criteria":                       "AM",
	"GET /competences/new":                              "AMC",
	"POST /competences":                                 "AMC",
	"GET /competences/{id}/edit":                        "AMC",
	"POST /competences/{id}":                            "AMC",
	"POST /api/v1/competences":                          "AMC",
	"PUT /api/v1/competences/{id}":                      "AMC",
	"GET /roles/new":                                    "AMC",
	"POST /roles":                                       "AMC",
	"GET /roles/{id}/edit":                              "AMC",
	"POST /roles/{id}":                                  "AMC",
	"POST /api/v1/aims-roles":                           "AMC",
	"PUT /api/v1/aims-roles/{id}":                       "AMC",
	"GET /training/new":                                 "AMC",
	"POST /training":                                    "AMC",
	"GET /training/{id}/edit":                           "AMC",
	"POST /training/{id}":                               "AMC",
	"POST /api/v1/competence-records":                   "AMC",
	"PUT /api/v1/competence-records/{id}":               "AMC",
	"POST /staff/{id}/archive":                          "AM",
	"POST /staff/{id}/restore":                          "AM",
	"POST /api/v1/staff/{id}/archive":                   "AM",
	"POST /api/v1/staff/{id}/restore":                   "AM",
	"POST /competences/{id}/archive":                    "AM",
	"POST /competences/{id}/restore":                    "AM",
	"POST /api/v1/competences/{id}/archive":             "AM",
	"POST /api/v1/competences/{id}/restore":             "AM",
	"POST /roles/{id}/archive":                          "AM",
	"POST /roles/{id}/restore":                          "AM",
	"POST /api/v1/aims-roles/{id}/archive":              "AM",
	"POST /api/v1/aims-roles/{id}/restore":              "AM",
	"POST /training/{id}/archive":                       "AM",
	"POST /training/{id}/restore":                       "AM",
	"POST /api/v1/competence-records/{id}/archive":      "AM",
	"POST /api/v1/competence-records/{id}/restore":      "AM",

	// AI system components and the people a system needs (A.4).
	"GET /components":                             "AMCUV",
	"GET /components.csv":                         "AMCUV",
	"GET /components/{id}":                        "AMCUV",
	"GET /components/{id}/edit":                   "AMC",
	"POST /components/{id}":                       "AMC",
	"POST /components/{id}/archive":               "AM",
	"POST /components/{id}/restore":               "AM",
	"GET /ai-systems/{id}/components/new":         "AMC",
	"POST /ai-systems/{id}/components":            "AMC",
	"GET /ai-systems/{id}/people":                 "AMC",
	"POST /ai-systems/{id}/people":                "AMC",
	"GET /api/v1/components":                      "AMCUV",
	"GET /api/v1/components.csv":                  "AMCUV",
	"POST /api/v1/ai-systems/{id}/components":     "AMC",
	"GET /api/v1/components/{id}":                 "AMCUV",
	"PUT /api/v1/components/{id}":                 "AMC",
	"POST /api/v1/components/{id}/archive":        "AM",
	"POST /api/v1/components/{id}/restore":        "AM",
	"GET /api/v1/components/{id}/history":         "AMCUV",
	"GET /api/v1/ai-systems/{id}/human-resources": "AMCUV",
	"PUT /api/v1/ai-systems/{id}/human-resources": "AMC",
	// Custom controls and the Statement of Applicability (6.1.3 d):
	// approving is a manager's step, and the store asks for a designation.
	"GET /custom-controls":                      "AMCUV",
	"GET /custom-controls.csv":                  "AMCUV",
	"GET /custom-controls/new":                  "AMC",
	"POST /custom-controls":                     "AMC",
	"GET /custom-controls/{id}":                 "AMCUV",
	"GET /custom-controls/{id}/edit":            "AMC",
	"POST /custom-controls/{id}":                "AMC",
	"POST /custom-controls/{id}/archive":        "AM",
	"POST /custom-controls/{id}/restore":        "AM",
	"GET /soa":                                  "AMCUV",
	"GET /soa.csv":                              "AMCUV",
	"GET /soa.pdf":                              "AMCUV",
	"GET /soa/compare":                          "AMCUV",
	"GET /soa/rows/{id}":                        "AMCUV",
	"POST /soa/rows/{id}":                       "AMC",
	"POST /soa/approve":                         "AM",
	"GET /soa/versions/{id}":                    "AMCUV",
	"GET /soa/versions/{id}/export.csv":         "AMCUV",
	"GET /soa/versions/{id}/export.pdf":         "AMCUV",
	"GET /api/v1/custom-controls":               "AMCUV",
	"GET /api/v1/custom-controls.csv":           "AMCUV",
	"POST /api/v1/custom-controls":              "AMC",
	"GET /api/v1/custom-controls/{id}":          "AMCUV",
	"PUT /api/v1/custom-controls/{id}":          "AMC",
	"POST /api/v1/custom-controls/{id}/archive": "AM",
	"POST /api/v1/custom-controls/{id}/restore": "AM",
	"GET /api/v1/custom-controls/{id}/history":  "AMCUV",
	"GET /api/v1/soa":                           "AMCUV",
	"GET /api/v1/soa.csv":                       "AMCUV",
	"GET /api/v1/soa/compare":                   "AMCUV",
	"GET /api/v1/soa/rows/{id}":                 "AMCUV",
	"PUT /api/v1/soa/rows/{id}":                 "AMC",
	"GET /api/v1/soa/rows/{id}/history":         "AMCUV",
	"GET /api/v1/soa/versions":                  "AMCUV",
	"POST /api/v1/soa/versions":                 "AM",
	"GET /api/v1/soa/versions/{id}":             "AMCUV",
	"GET /api/v1/soa/versions/{id}/export.csv":  "AMCUV",
	"GET /api/v1/soa/versions/{id}/export.pdf":  "AMCUV",
	// The risk treatment plan as a whole (6.1.3); approval needs a designation.
	"GET /risk-plan":                          "AMCUV",
	"POST /risk-plan/approve":                 "AM",
	"GET /risk-plan/compare":                  "AMCUV",
	"GET /risk-plan/versions/{id}":            "AMCUV",
	"GET /risk-plan/versions/{id}/export.csv": "AMCUV",
	"GET /risk-plan/versions/{id}/export.pdf": "AMCUV",
	"GET /api/v1/risk-plan":                   "AMCUV",
	"POST /api/v1/risk-plan/approve":          "AM",
	"GET /api/v1/risk-plan/versions":          "AMCUV",
	"GET /api/v1/risk-plan/versions/{id}":     "AMCUV",
	// AI risk: criteria are a management decision; the acceptance of
	// residual risk needs a designation besides (checked by the store).
	"GET /risk-criteria":                 "AMCUV",
	"POST /risk-criteria":                "AM",
	"POST /risk-criteria/default":        "AM",
	"GET /risks":                         "AMCUV",
	"GET /risks.csv":                     "AMCUV",
	"GET /risks/heat-map":                "AMCUV",
	"GET /risks/new":                     "AMC",
	"POST /risks":                        "AMC",
	"GET /risks/{id}":                    "AMCUV",
	"GET /risks/{id}/edit":               "AMC",
	"POST /risks/{id}":                   "AMC",
	"POST /risks/{id}/accept":            "AMC",
	"POST /risks/{id}/archive":           "AM",
	"POST /risks/{id}/restore":           "AM",
	"GET /api/v1/risk-criteria":          "AMCUV",
	"PUT /api/v1/risk-criteria":          "AM",
	"GET /api/v1/risk-criteria/versions": "AMCUV",
	"GET /api/v1/risk-criteria/history":  "AMCUV",
	"GET /api/v1/risks":                  "AMCUV",
	"GET /api/v1/risks.csv":              "AMCUV",
	"GET /api/v1/risk-heat-map":          "AMCUV",
	"POST /api/v1/risks":                 "AMC",
	"GET /api/v1/risks/{id}":             "AMCUV",
	"PUT /api/v1/risks/{id}":             "AMC",
	"POST /api/v1/risks/{id}/accept":     "AMC",
	"GET /api/v1/risks/{id}/assessments": "AMCUV",
	"POST /api/v1/risks/{id}/archive":    "AM",
	"POST /api/v1/risks/{id}/restore":    "AM",
	"GET /api/v1/risks/{id}/history":     "AMCUV",
	// AI objectives and change requests.
	"GET /objectives":                           "AMCUV",
	"GET /objectives.csv":                       "AMCUV",
	"GET /objectives/{id}":                      "AMCUV",
	"GET /changes":                              "AMCUV",
	"GET /changes.csv":                          "AMCUV",
	"GET /changes/{id}":                         "AMCUV",
	"GET /api/v1/objectives":                    "AMCUV",
	"GET /api/v1/objectives.csv":                "AMCUV",
	"GET /api/v1/objectives/{id}":               "AMCUV",
	"GET /api/v1/objectives/{id}/history":       "AMCUV",
	"GET /api/v1/changes":                       "AMCUV",
	"GET /api/v1/changes.csv":                   "AMCUV",
	"GET /api/v1/changes/{id}":                  "AMCUV",
	"GET /api/v1/changes/{id}/history":          "AMCUV",
	"GET /objectives/new":                       "AMC",
	"POST /objectives":                          "AMC",
	"GET /objectives/{id}/edit":                 "AMC",
	"POST /objectives/{id}":                     "AMC",
	"POST /objectives/{id}/measurements":        "AMC",
	"POST /api/v1/objectives":                   "AMC",
	"PUT /api/v1/objectives/{id}":               "AMC",
	"POST /api/v1/objectives/{id}/measurements": "AMC",
	"GET /changes/new":                          "AMC",
	"POST /changes":                             "AMC",
	"GET /changes/{id}/edit":                    "AMC",
	"POST /changes/{id}":                        "AMC",
	"POST /changes/{id}/implement":              "AMC",
	"POST /changes/{id}/close":                  "AMC",
	"POST /changes/{id}/reassessed":             "AMC",
	"POST /api/v1/changes":                      "AMC",
	"PUT /api/v1/changes/{id}":                  "AMC",
	"POST /api/v1/changes/{id}/implement":       "AMC",
	"POST /api/v1/changes/{id}/close":           "AMC",
	"POST /api/v1/changes/{id}/reassessed":      "AMC",
	"POST /objectives/{id}/archive":             "AM",
	"POST /objectives/{id}/restore":             "AM",
	"POST /api/v1/objectives/{id}/archive":      "AM",
	"POST /api/v1/objectives/{id}/restore":      "AM",
	"POST /changes/{id}/decide":                 "AM",
	"POST /api/v1/changes/{id}/decide":          "AM",
	"POST /changes/{id}/archive":                "AM",
	"POST /changes/{id}/restore":                "AM",
	"POST /api/v1/changes/{id}/archive":         "AM",
	"POST /api/v1/changes/{id}/restore":         "AM",

	// Data sets (A.7.2-A.7.6): everyone reads, contributors and up record
	// data sets, versions and check results, managers and admins archive.
	"GET /datasets":                       "AMCUV",
	"GET /datasets.csv":                   "AMCUV",
	"GET /datasets/{id}":                  "AMCUV",
	"GET /datasets/new":                   "AMC",
	"POST /datasets":                      "AMC",
	"GET /datasets/{id}/edit":             "AMC",
	"POST /datasets/{id}":                 "AMC",
	"POST /datasets/{id}/versions":        "AMC",
	"POST /datasets/{id}/checks":          "AMC",
	"POST /datasets/{id}/archive":         "AM",
	"POST /datasets/{id}/restore":         "AM",
	"GET /api/v1/datasets":                "AMCUV",
	"GET /api/v1/datasets.csv":            "AMCUV",
	"POST /api/v1/datasets":               "AMC",
	"GET /api/v1/datasets/{id}":           "AMCUV",
	"PUT /api/v1/datasets/{id}":           "AMC",
	"GET /api/v1/datasets/{id}/versions":  "AMCUV",
	"POST /api/v1/datasets/{id}/versions": "AMC",
	"GET /api/v1/datasets/{id}/checks":    "AMCUV",
	"POST /api/v1/datasets/{id}/checks":   "AMC",
	"POST /api/v1/datasets/{id}/archive":  "AM",
	"POST /api/v1/datasets/{id}/restore":  "AM",
	"GET /api/v1/datasets/{id}/history":   "AMCUV",
}

var roleLetters = map[aims.Role]string{aims.RoleAdmin: "A", aims.RoleManager: "M", aims.RoleContributor: "C", aims.RoleAuditor: "U", aims.RoleViewer: "V"}

// walkFixture is what a walk over every route points at: one record of
// each kind a route's {id} can name, a member the admin routes may change
// without touching the members whose roles are being tested, and a member
// who has not accepted yet.
type walkFixture struct {
	ids    map[string]string // by what a route names: its {id}
	member int64             // an accepted member the examples may name
	// A person and a competence the examples of roles and records name.
	staff, competence int64
}

const walkRequirement = "A.4.3"

func newWalkFixture(e *env, role aims.Role) walkFixture {
	e.t.Helper()
	ctx := context.Background()
	target := e.newUser(e.org, "target@acme.test", aims.RoleContributor)
	pending, err := e.store.AddMember(ctx, e.principal(aims.RoleAdmin), aims.NewMember{Email: "pending@acme.test", Name: "Pending", Role: aims.RoleViewer}, "walk-invite", nil)
	if err != nil {
		e.t.Fatal(err)
	}
	// A token of the walking role's own, to revoke.
	spare, err := e.store.CreateAPIToken(ctx, e.principal(role), e.users[role].ID, aims.NewAPIToken{Label: "spare"}, "spare-"+string(role), "spare")
	if err != nil {
		e.t.Fatal(err)
	}
	id := func(n int64) string { return strconv.FormatInt(n, 10) }
	evidence, err := e.store.CreateEvidence(ctx, e.principal(aims.RoleAdmin), aims.Evidence{Title: "Walked evidence", FileName: "walked.txt", ContentType: "text/plain"}, testFile("walked"))
	if err != nil {
		e.t.Fatal(err)
	}
	d, err := e.store.CreateDesignation(ctx, e.principal(aims.RoleAdmin), aims.Designation{UserID: target.ID, Body: aims.BodyTop,
		Position: "Chief Executive Officer", From: aims.DateOf(time.Now().UTC())})
	if err != nil {
		e.t.Fatal(err)
	}
	hook, err := e.store.CreateWebhook(ctx, e.principal(aims.RoleAdmin), aims.Webhook{URL: "https://hooks.example.org/walk", Events: []string{aims.EventDue}, Active: true, Secret: "walk"})
	if err != nil {
		e.t.Fatal(err)
	}
	docIDs := documentWalkIDs(e)
	person, err := e.store.CreatePerson(ctx, e.principal(aims.RoleAdmin), aims.Staff{Name: "Walked person"})
	if err != nil {
		e.t.Fatal(err)
	}
	comp, err := e.store.CreateCompetence(ctx, e.principal(aims.RoleAdmin), aims.Competence{Name: "Walked competence", Kind: aims.CompetenceSkill})
	if err != nil {
		e.t.Fatal(err)
	}
	walkedRole, err := e.store.CreateAIMSRole(ctx, e.principal(aims.RoleAdmin), aims.AIMSRole{Name: "Walked role"})
	if err != nil {
		e.t.Fatal(err)
	}
	rec, err := e.store.CreateCompetenceRecord(ctx, e.principal(aims.RoleAdmin), aims.CompetenceRecord{StaffID: person.ID, CompetenceID: comp.ID,
		Title: "Walked course", CompletedOn: aims.DateOf(time.Now().UTC())})
	if err != nil {
		e.t.Fatal(err)
	}
	lw := lifecycleWalkIDs(e, role)
	impactIDs := impactWalkIDs(e, target.ID)
	f := walkFixture{member: target.ID, staff: person.ID, competence: comp.ID, ids: map[string]string{
		aims.RegisterContextIssues: id(walkContextIssue(e).ID),
		aims.RegisterContext:       id(e.org.ID),
		aims.RegisterScope:         id(e.org.ID),
		aims.RegisterProcesses:     id(walkProcess(e).ID),
		aims.RegisterEvidence:      id(evidence.ID),
		aims.RegisterDocuments:     docIDs[aims.RegisterDocuments],
		"document-drafts":          docIDs["document-drafts"],
		"document-submit":          docIDs["document-submit"],
		"document-submit-api":      docIDs["document-submit-api"],
		"document-return":          docIDs["document-return"],
		"document-return-api":      docIDs["document-return-api"],
		"document-approve":         docIDs["document-approve"],
		"document-approve-api":     docIDs["document-approve-api"],
		"document-new":             docIDs["document-new"],
		"document-new-api":         docIDs["document-new-api"],
		"document-disposable":      docIDs["document-disposable"],
		aims.RegisterWebhooks:      id(hook.ID),
		aims.RegisterDesignations:  id(d.ID),
		aims.RegisterAISystems:     id(e.createSystem("Walked system").ID),
		aims.RegisterMembers:       id(target.ID),
		"pending-members":          id(pending.UserID),
		aims.RegisterTokens:        id(spare.ID),
		aims.RegisterGap:           walkRequirement,

		// Concerns and communication.
		aims.RegisterConcerns:          id(walkConcern(e)),
		aims.RegisterCommunications:    id(walkCommunication(e)),
		aims.RegisterAcknowledgements:  id(walkCampaign(e)),
		"acknowledgement-doc":          id(ackDocument(e).ID),
		aims.RegisterStaff:             id(person.ID),
		aims.RegisterCompetences:       id(comp.ID),
		aims.RegisterAIMSRoles:         id(walkedRole.ID),
		aims.RegisterCompetenceRecords: id(rec.ID),
		aims.RegisterParties:           id(e.createParty("Walked party").ID),
		aims.RegisterObligations:       id(e.createObligation("Walked obligation").ID),
		aims.RegisterUseReviews:        id(walkUseReview(e)),
		aims.RegisterComponents:        id(walkComponent(e).ID),
		aims.RegisterCustomControls:    id(walkCustomControl(e)),
		aims.RegisterSoA:               walkSoARow,
		aims.RegisterSoAVersions:       id(walkSoA(e, role)),

		// Life-cycle records and the stage gate.
		aims.RegisterLifecycleRecords: lw[aims.RegisterLifecycleRecords],
		"lifecycle-approve":           lw["lifecycle-approve"],
		"lifecycle-approve-api":       lw["lifecycle-approve-api"],
		"lifecycle-operation":         lw["lifecycle-operation"],
		"lifecycle-override":          lw["lifecycle-override"],
		"lifecycle-override-api":      lw["lifecycle-override-api"],
		aims.RegisterRisks:            id(walkRisk(e, role).ID),
		aims.RegisterRiskPlanVersions: id(walkRiskPlan(e)),
		aims.RegisterRiskCriteria:     id(e.org.ID),
		aims.RegisterThirdParties:     id(walkThirdParty(e)),
		aims.RegisterObjectives:       walkObjective(e),
		aims.RegisterChanges:          walkChange(e, target.ID, aims.ChangeRequested),
		"change-decide":               walkChange(e, target.ID, aims.ChangeRequested),
		"change-decide-api":           walkChange(e, target.ID, aims.ChangeRequested),
		"change-implement":            walkChange(e, target.ID, aims.ChangeApproved),
		"change-implement-api":        walkChange(e, target.ID, aims.ChangeApproved),
		"change-close":                walkChange(e, target.ID, aims.ChangeImplemented),
		"change-close-api":            walkChange(e, target.ID, aims.ChangeImplemented),
		"change-reassessed":           walkChange(e, target.ID, "reassessment"),
		"change-reassessed-api":       walkChange(e, target.ID, "reassessment"),
		aims.RegisterDatasets:         id(walkDataset(e)),
	}}.withIncidents(e)
	for names, id := range impactIDs {
		f.ids[names] = id
	}
	return f
}

// version is the current version of the record a route names.
func (f walkFixture) version(e *env, names string) int {
	ctx := context.Background()
	id, _ := strconv.ParseInt(f.ids[names], 10, 64)
	if v, ok := impactWalkVersion(e, names, id); ok {
		return v
	}
	switch names {
	case aims.RegisterAISystems:
		a, _ := e.store.AISystem(ctx, e.org.ID, id)
		return a.Version
	case aims.RegisterMembers:
		m, _ := e.store.Member(ctx, e.org.ID, id)
		return m.Version
	case aims.RegisterGap:
		g, _ := e.store.GapEntry(ctx, e.org.ID, walkRequirement)
		return g.Version
	case aims.RegisterDesignations:
		d, _ := e.store.Designation(ctx, e.org.ID, id)
		return d.Version
	case aims.RegisterWebhooks:
		h, _ := e.store.Webhook(ctx, e.org.ID, id)
		return h.Version
	case aims.RegisterEvidence:
		ev, _ := e.store.Evidence(ctx, e.org.ID, id)
		return ev.Version
	case aims.RegisterDocuments, "document-disposable", "document-drafts", "document-submit", "document-submit-api", "document-return", "document-return-api",
		"document-approve", "document-approve-api", "document-new", "document-new-api":
		return documentWalkVersion(e, names, id)
	case aims.RegisterContextIssues:
		c, _ := e.store.ContextIssue(ctx, e.org.ID, id)
		return c.Version
	case aims.RegisterContext:
		c, _ := e.store.ContextStatement(ctx, e.org.ID)
		return c.Version
	case aims.RegisterScope:
		c, _ := e.store.ScopeStatement(ctx, e.org.ID)
		return c.Version
	case aims.RegisterProcesses:
		p, _ := e.store.Process(ctx, e.org.ID, id)
		return p.Version
	case aims.RegisterConcerns:
		c, _ := e.store.Concern(ctx, e.org.ID, id)
		return c.Version
	case aims.RegisterAcknowledgements:
		c, _ := e.store.Campaign(ctx, e.org.ID, id)
		return c.Version
	case aims.RegisterCommunications:
		c, _ := e.store.Communication(ctx, e.org.ID, id)
		return c.Version
	case aims.RegisterConcernChannel:
		ch, _ := e.store.ConcernChannel(ctx, e.org.ID)
		return ch.Version
	case aims.RegisterStaff:
		p, _ := e.store.Person(ctx, e.org.ID, id)
		return p.Version
	case aims.RegisterCompetences:
		c, _ := e.store.Competence(ctx, e.org.ID, id)
		return c.Version
	case aims.RegisterAIMSRoles:
		r, _ := e.store.AIMSRole(ctx, e.org.ID, id)
		return r.Version
	case aims.RegisterCompetenceRecords:
		t, _ := e.store.CompetenceRecord(ctx, e.org.ID, id)
		return t.Version
	case aims.RegisterParties:
		p, _ := e.store.Party(ctx, e.org.ID, id)
		return p.Version
	case aims.RegisterObligations:
		o, _ := e.store.Obligation(ctx, e.org.ID, id)
		return o.Version
	case aims.RegisterUseReviews:
		u, _ := e.store.UseReview(ctx, e.org.ID, id)
		return u.Version
	case aims.RegisterComponents:
		c, _ := e.store.Component(ctx, e.org.ID, id)
		return c.Version
	case aims.RegisterCustomControls, aims.RegisterSoA:
		return soaWalkVersion(e, names, id)
	case aims.RegisterLifecycleRecords, "lifecycle-approve", "lifecycle-approve-api", "lifecycle-operation", "lifecycle-override",
		"lifecycle-override-api", aims.RegisterLifecycleGate:
		return lifecycleWalkVersion(e, names, id)
	case aims.RegisterRisks:
		r, _ := e.store.Risk(ctx, e.org.ID, id)
		return r.Version
	case aims.RegisterRiskCriteria:
		c, _ := e.store.RiskCriteria(ctx, e.org.ID)
		return c.Version
	case aims.RegisterThirdParties:
		t, _ := e.store.ThirdParty(ctx, e.org.ID, id)
		return t.Version
	case aims.RegisterObjectives:
		o, _ := e.store.Objective(ctx, e.org.ID, id)
		return o.Version
	case aims.RegisterChanges, "change-decide", "change-decide-api", "change-implement", "change-implement-api", "change-close",
		"change-close-api", "change-reassessed", "change-reassessed-api":
		c, _ := e.store.Change(ctx, e.org.ID, id)
		return c.Version
	case aims.RegisterDatasets:
		d, _ := e.store.Dataset(ctx, e.org.ID, id)
		return d.Version
	}
	if v, ok := incidentWalkVersion(e, names, id); ok {
		return v
	}
	return 0
}

// request is a route's example request, on the fixture's records.
func (f walkFixture) request(e *env, rt route, unique string) (path, contentType, body string) {
	path = strings.NewReplacer("{$}", "", "{framework}/{id}", "iso42001/4.3", "{framework}", "iso42001",
		"/frameworks/{id}", "/frameworks/iso42001", "{requirementID}", f.ids[aims.RegisterGap]).Replace(rt.path)
	path = strings.Replace(path, "{id}", f.ids[rt.names], 1)
	if rt.example == nil {
		return path, "", ""
	}
	recordID, _ := strconv.ParseInt(f.ids[rt.names], 10, 64)
	riskID, _ := strconv.ParseInt(f.ids[aims.RegisterRisks], 10, 64)
	switch v := rt.example(example{Version: f.version(e, rt.names), Unique: unique, OrgID: e.org.ID, UserID: f.member, ID: recordID,
		StaffID: f.staff, CompetenceID: f.competence, RiskID: riskID}).(type) {
	case url.Values:
		return path, "application/x-www-form-urlencoded", v.Encode()
	case multipartExample:
		return path, v.ContentType, v.Body
	default:
		b, err := json.Marshal(v)
		if err != nil {
			e.t.Fatal(err)
		}
		return path, "application/json", string(b)
	}
}

// TestEveryRouteWithEveryRole walks the whole route table with no
// credentials and with each role, sending each route its example request:
// anonymous pages redirect to sign-in and anonymous API calls get 401; a
// role the matrix above allows succeeds, any other gets 403.
func TestEveryRouteWithEveryRole(t *testing.T) {
	engines(t, func(t *testing.T, base *env) {
		seen := map[string]bool{}
		for _, rt := range base.srv.routes {
			key := rt.method + " " + rt.path
			seen[key] = true
			if _, ok := allowed[key]; !ok && !rt.public && rt.path != "/signout" {
				t.Errorf("%s has no line in the permission matrix", key)
			}
			if rt.writes() && !rt.public && rt.example == nil && rt.body != nil {
				t.Errorf("%s takes a body but has no example", key)
			}
		}
		for key := range allowed {
			if !seen[key] {
				t.Errorf("the permission matrix names %s, which is not a route", key)
			}
		}
		f0 := newWalkFixture(base, aims.RoleAdmin)
		for _, rt := range base.srv.routes {
			if rt.public {
				continue
			}
			path, _, _ := f0.request(base, rt, "anon")
			res := base.do(rt.method, path, "", "", nil)
			if rt.api {
				if res.StatusCode != http.StatusUnauthorized || res.Header.Get("WWW-Authenticate") == "" {
					t.Errorf("anonymous %s %s = %d, want 401 with WWW-Authenticate", rt.method, path, res.StatusCode)
				}
				res.problem(t)
			} else if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/signin?next=") {
				t.Errorf("anonymous %s %s = %d to %q, want 303 to /signin", rt.method, path, res.StatusCode, res.Header.Get("Location"))
			}
		}
		for _, role := range aims.Roles {
			e, f := base, f0
			if role != aims.RoleAdmin {
				e = base.fresh()
				f = newWalkFixture(e, role)
			}
			for i, rt := range e.srv.routes {
				if rt.public || rt.path == "/signout" {
					continue
				}
				auth := "session:" + e.users[role].Session
				if rt.api {
					auth = "token:" + e.users[role].Token
				}
				path, ct, body := f.request(e, rt, fmt.Sprint(role, i))
				res := e.do(rt.method, path, auth, ct, strings.NewReader(body))
				may := strings.Contains(allowed[rt.method+" "+rt.path], roleLetters[role])
				switch {
				case !may && res.StatusCode != http.StatusForbidden:
					t.Errorf("%s: %s %s = %d, want 403", role, rt.method, path, res.StatusCode)
				case may && res.StatusCode >= 400:
					t.Errorf("%s: %s %s = %d, want success; body %.300s", role, rt.method, path, res.StatusCode, res.Body)
				}
				if rt.api && res.StatusCode == http.StatusForbidden {
					res.problem(t)
				}
			}
			res := e.do("POST", "/signout", "session:"+e.users[role].Session, "", nil)
			if res.StatusCode != http.StatusSeeOther {
				t.Errorf("%s: sign out = %d", role, res.StatusCode)
			}
			if res := e.page(role, "/"); res.StatusCode != http.StatusSeeOther {
				t.Errorf("%s: home after sign-out = %d, want redirect to sign-in", role, res.StatusCode)
			}
		}
	})
}

// TestReadOnlyTokens: a read-only token reads what its member's role
// reads and changes nothing, whatever the role.
func TestReadOnlyTokens(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		f := newWalkFixture(e, aims.RoleAdmin)
		token := secret.Token(TokenPrefix)
		if _, err := e.store.CreateAPIToken(context.Background(), e.principal(aims.RoleAdmin), e.users[aims.RoleAdmin].ID,
			aims.NewAPIToken{Label: "reader", ReadOnly: true}, secret.HashToken(token), token[:10]); err != nil {
			t.Fatal(err)
		}
		before := e.state()
		for i, rt := range e.srv.routes {
			if !rt.api {
				continue
			}
			path, ct, body := f.request(e, rt, fmt.Sprint("ro", i))
			res := e.do(rt.method, path, "token:"+token, ct, strings.NewReader(body))
			switch {
			case rt.writes() && res.StatusCode != http.StatusForbidden:
				t.Errorf("read-only token: %s %s = %d, want 403", rt.method, path, res.StatusCode)
			case !rt.writes() && res.StatusCode != http.StatusOK:
				t.Errorf("read-only token: %s %s = %d, want 200", rt.method, path, res.StatusCode)
			}
		}
		if after := e.state(); after != before {
			t.Error("a read-only token changed the organization's data")
		}
	})
}

// TestOtherOrganizationsIDsAreNotFound sends every route that names a record
// the ID of another organization's record, and an ID that does not exist:
// both answer 404 and change nothing.
func TestOtherOrganizationsIDsAreNotFound(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		foreign, err := e.store.CreateAISystem(ctx, aims.Principal{OrgID: e.other.ID, UserID: e.stray.ID, Email: e.stray.Email}, aims.AISystem{Name: "Globex system", Purpose: "p"})
		if err != nil {
			t.Fatal(err)
		}
		strayPending, err := e.store.AddMember(ctx, aims.Principal{OrgID: e.other.ID, UserID: e.stray.ID, Email: e.stray.Email},
			aims.NewMember{Email: "pending@globex.test", Name: "P", Role: aims.RoleViewer}, "stray-invite", nil)
		if err != nil {
			t.Fatal(err)
		}
		strayDesignation, err := e.store.CreateDesignation(ctx, aims.Principal{OrgID: e.other.ID, UserID: e.stray.ID, Email: e.stray.Email},
			aims.Designation{UserID: e.stray.ID, Body: aims.BodyTop, Position: "CEO", From: aims.DateOf(time.Now())})
		if err != nil {
			t.Fatal(err)
		}
		strayHook, err := e.store.CreateWebhook(ctx, aims.Principal{OrgID: e.other.ID, UserID: e.stray.ID, Email: e.stray.Email},
			aims.Webhook{URL: "https://hooks.globex.test/", Events: []string{aims.EventDue}, Active: true, Secret: "x"})
		if err != nil {
			t.Fatal(err)
		}
		foreignEvidence, err := e.store.CreateEvidence(ctx, aims.Principal{OrgID: e.other.ID, UserID: e.stray.ID, Email: e.stray.Email},
			aims.Evidence{Title: "Globex evidence", FileName: "g.txt", ContentType: "text/plain"}, testFile("globex"))
		stray := aims.Principal{OrgID: e.other.ID, UserID: e.stray.ID, Email: e.stray.Email}
		strayPerson, err := e.store.CreatePerson(ctx, stray, aims.Staff{Name: "Globex person"})
		if err != nil {
			t.Fatal(err)
		}
		strayComp, err := e.store.CreateCompetence(ctx, stray, aims.Competence{Name: "Globex competence"})
		if err != nil {
			t.Fatal(err)
		}
		strayRole, err := e.store.CreateAIMSRole(ctx, stray, aims.AIMSRole{Name: "Globex role"})
		if err != nil {
			t.Fatal(err)
		}
		strayRec, err := e.store.CreateCompetenceRecord(ctx, stray, aims.CompetenceRecord{StaffID: strayPerson.ID, CompetenceID: strayComp.ID,
			Title: "Globex course", CompletedOn: aims.DateOf(time.Now())})
		if err != nil {
			t.Fatal(err)
		}
		f := newWalkFixture(e, aims.RoleAdmin)
		strayToken, _ := e.store.APITokens(ctx, e.other.ID, e.stray.ID, aims.ListParams{Limit: 1})
		foreignIDs := map[string]string{
			aims.RegisterAISystems:         strconv.FormatInt(foreign.ID, 10),
			aims.RegisterMembers:           strconv.FormatInt(e.stray.ID, 10),
			"pending-members":              strconv.FormatInt(strayPending.UserID, 10),
			aims.RegisterTokens:            strconv.FormatInt(strayToken.Items[0].ID, 10),
			aims.RegisterDesignations:      strconv.FormatInt(strayDesignation.ID, 10),
			aims.RegisterWebhooks:          strconv.FormatInt(strayHook.ID, 10),
			aims.RegisterEvidence:          strconv.FormatInt(foreignEvidence.ID, 10),
			aims.RegisterContextIssues:     strconv.FormatInt(foreignIssue(e).ID, 10),
			aims.RegisterContext:           strconv.FormatInt(e.other.ID, 10),
			aims.RegisterScope:             strconv.FormatInt(e.other.ID, 10),
			aims.RegisterProcesses:         strconv.FormatInt(foreignProcess(e).ID, 10),
			aims.RegisterConcerns:          foreignConcern(e),
			aims.RegisterCommunications:    foreignCommunication(e),
			aims.RegisterAcknowledgements:  foreignCampaign(e),
			aims.RegisterStaff:             strconv.FormatInt(strayPerson.ID, 10),
			aims.RegisterCompetences:       strconv.FormatInt(strayComp.ID, 10),
			aims.RegisterAIMSRoles:         strconv.FormatInt(strayRole.ID, 10),
			aims.RegisterCompetenceRecords: strconv.FormatInt(strayRec.ID, 10),
			aims.RegisterUseReviews:        foreignUseReview(e),
		}
		for names := range f.ids {
			if strings.HasPrefix(names, "document") {
				foreignIDs[names] = foreignDocument(e)
			}
			if strings.HasPrefix(names, "impact") {
				foreignIDs[names] = foreignImpact(e)
			}
		}
		foreignIDs[aims.RegisterImpactCriteria] = strconv.FormatInt(e.other.ID, 10)
		foreignParty, err := e.store.CreateParty(ctx, aims.Principal{OrgID: e.other.ID, UserID: e.stray.ID, Email: e.stray.Email}, aims.Party{Name: "Globex party"})
		if err != nil {
			t.Fatal(err)
		}
		foreignObligation, err := e.store.CreateObligation(ctx, aims.Principal{OrgID: e.other.ID, UserID: e.stray.ID, Email: e.stray.Email}, aims.Obligation{Title: "Globex obligation", Kind: aims.KindLegal})
		if err != nil {
			t.Fatal(err)
		}
		foreignIDs[aims.RegisterParties] = strconv.FormatInt(foreignParty.ID, 10)
		foreignIDs[aims.RegisterObligations] = strconv.FormatInt(foreignObligation.ID, 10)
		foreignIDs[aims.RegisterComponents] = strconv.FormatInt(foreignComponent(e).ID, 10)
		for names, id := range foreignIncidentIDs(e) {
			foreignIDs[names] = id
		}
		for names, id := range foreignSoA(e) {
			foreignIDs[names] = id
		}
		for names, id := range foreignLifecycleIDs(e, foreign.ID) {
			foreignIDs[names] = id
		}
		foreignIDs[aims.RegisterRisks] = strconv.FormatInt(foreignRisk(e).ID, 10)
		foreignIDs[aims.RegisterRiskPlanVersions] = foreignRiskPlan(e)
		foreignTP, err := e.store.CreateThirdParty(ctx, aims.Principal{OrgID: e.other.ID, UserID: e.stray.ID, Email: e.stray.Email}, aims.ThirdParty{Name: "Globex supplier", Kind: aims.ThirdPartySupplier})
		if err != nil {
			t.Fatal(err)
		}
		foreignIDs[aims.RegisterThirdParties] = strconv.FormatInt(foreignTP.ID, 10)
		foreignIDs[aims.RegisterObjectives] = foreignObjective(e)
		for names := range f.ids {
			if strings.HasPrefix(names, "change") {
				foreignIDs[names] = foreignChange(e)
			}
		}
		foreignIDs[aims.RegisterDatasets] = foreignDataset(e)
		before := e.state()
		for i, rt := range e.srv.routes {
			if rt.public || !strings.Contains(rt.path, "{id}") || rt.names == "" || rt.names == aims.RegisterGap {
				continue
			}
			for what, id := range map[string]string{"foreign": foreignIDs[rt.names], "unknown": "999999", "not a number": "abc"} {
				_, ct, body := f.request(e, rt, fmt.Sprint("x", i))
				path := strings.Replace(rt.path, "{id}", id, 1)
				auth := "session:" + e.users[aims.RoleAdmin].Session
				if rt.api {
					auth = "token:" + e.users[aims.RoleAdmin].Token
				}
				if res := e.do(rt.method, path, auth, ct, strings.NewReader(body)); res.StatusCode != http.StatusNotFound {
					t.Errorf("%s ID: %s %s = %d, want 404", what, rt.method, path, res.StatusCode)
				}
			}
		}
		for _, path := range []string{"/gap/9.9", "/gap/A.6", "/catalog/iso42001/A.99", "/catalog/nope"} {
			if res := e.page(aims.RoleAdmin, path); res.StatusCode != http.StatusNotFound {
				t.Errorf("GET %s = %d, want 404", path, res.StatusCode)
			}
		}
		for _, path := range []string{"/api/v1/gap-assessment/4", "/api/v1/frameworks/nope/requirements"} {
			if res := e.api(aims.RoleAdmin, "GET", path, nil); res.StatusCode != http.StatusNotFound {
				t.Errorf("GET %s = %d, want 404", path, res.StatusCode)
			}
		}
		if after := e.state(); after != before {
			t.Errorf("requests with foreign or unknown IDs changed the organization's data")
		}
	})
}
