package aims

// EvidenceCheck is the answer of `aims check` for one AI system on one day:
// whether the evidence the AIMS asks of that system is complete, and every
// reason it is not. It says "evidence complete", never "conformant": an
// auditor, not a tool, decides conformity.
type EvidenceCheck struct {
	System   string        `json:"system"` // reference, e.g. AIS-3
	Name     string        `json:"name"`
	Stage    Lifecycle     `json:"stage"`
	Day      Date          `json:"day"`
	Complete bool          `json:"evidence_complete"`
	Reasons  []CheckReason `json:"reasons"`
}

// CheckReason is one thing missing from a system's evidence. Code is stable
// for machines; Message is the sentence a person reads.
type CheckReason struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

// Codes of the reasons an evidence check gives.
const (
	CheckArchived          = "archived"
	CheckProhibited        = "prohibited-practice"
	CheckReviewOverdue     = "review-overdue"
	CheckNoImpact          = "no-approved-impact-assessment"
	CheckImpactOverdue     = "impact-assessment-overdue"
	CheckNoRiskAssessment  = "no-risk-assessment"
	CheckRiskUntreated     = "risk-above-threshold-untreated"
	CheckTreatmentPending  = "risk-treatment-not-in-place"
	CheckCriteriaOutdated  = "risk-criteria-superseded"
	CheckRiskUnassessed    = "risk-not-assessed"
	CheckReassessmentDue   = "reassessment-due"
	CheckLifecycleEvidence = "life-cycle-record-missing"
)
