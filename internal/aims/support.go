package aims

// Support is a record in a register that bears on a requirement of
// ISO/IEC 42001 (a clause or an Annex A control). The gap analysis shows the
// records that support each requirement beside the person's judgement, so
// the assessor and the auditor see what the registers already hold: the AI
// policy on 5.2, the interested parties on 4.2, training records on 7.2.
type Support struct {
	RequirementID string `json:"requirement_id"`
	Register      string `json:"register"` // the register key (RegisterAISystems, …)
	ID            int64  `json:"id"`
	Ref           string `json:"ref"`
	Title         string `json:"title"`
}
