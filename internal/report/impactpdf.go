package report

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/go-pdf/fpdf"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/sfnt"

	"aims/internal/aims"
)

// The impact assessment as a PDF, and the EU AI Act fundamental-rights
// impact assessment produced from the same record. Every page repeats the
// reference, the AI system, the state and the approval, so a page on its
// own says whether it is the assessment in force.

// PDFSection is one heading and its text; Rows are paragraphs below it.
type PDFSection struct {
	Title string
	Body  string
	Rows  []string
}

// ImpactSections lays out an assessment in the order of ISO/IEC 42005
// clause 6, with the criteria's labels for each rating.
func ImpactSections(a aims.ImpactAssessment, c aims.ImpactCriteria) []PDFSection {
	or := func(s string) string {
		if strings.TrimSpace(s) == "" {
			return "—"
		}
		return s
	}
	var parties []string
	for _, p := range a.Parties {
		parties = append(parties, p.Ref+" "+p.Name)
	}
	impacts := func(kind aims.ImpactKind) []string {
		var rows []string
		for i, it := range a.Items {
			if it.Kind != kind {
				continue
			}
			r := fmt.Sprintf("%d. %s (%s)", i+1, it.Description, it.Affects.Label())
			if it.Severity > 0 {
				r += fmt.Sprintf("\nSeverity %d %s · likelihood %d %s · reversibility %d %s", it.Severity, c.SeverityLabel(it.Severity),
					it.Likelihood, c.LikelihoodLabel(it.Likelihood), it.Reversibility, c.ReversibilityLabel(it.Reversibility))
				if u := c.Classify(it); u != aims.UseOrdinary {
					r += " · " + u.Label()
				}
			}
			if it.FailureOrMisuse {
				r += "\nArises from a failure or from foreseeable misuse."
			}
			if it.Measures != "" {
				r += "\nMeasures: " + it.Measures
			}
			rows = append(rows, r)
		}
		if len(rows) == 0 {
			rows = []string{"None recorded."}
		}
		return rows
	}
	var disclosures []string
	for _, d := range a.Disclosures {
		r := d.What + " — to " + d.Audience
		if d.How != "" {
			r += " (" + d.How + ")"
		}
		disclosures = append(disclosures, r)
	}
	triggers := "—"
	if len(a.Triggers) > 0 {
		triggers = "• " + strings.Join(a.Triggers, "\n• ")
	}
	return []PDFSection{
		{Title: "Responsibilities and use", Body: fmt.Sprintf("Assessor: %s\nReviewer: %s\nAuthor: %s\nResult against the thresholds: %s (criteria version %d)",
			or(a.AssessorName), or(a.ReviewerName), or(a.AuthorName), a.Use.Label(), a.CriteriaNumber)},
		{Title: "Scope of the assessment", Body: or(a.Scope)},
		{Title: "The AI system", Body: "Description: " + or(a.Description) + "\n\nFunctionalities and capabilities: " + or(a.Functionalities) +
			"\n\nPurpose: " + or(a.Purpose) + "\n\nIntended uses: " + or(a.IntendedUses) + "\n\nUnintended uses: " + or(a.UnintendedUses) +
			"\n\nReasonably foreseeable misuse: " + or(a.ForeseeableMisuse)},
		{Title: "Data and its quality", Body: or(a.Data) + "\n\nQuality: " + or(a.DataQuality)},
		{Title: "Algorithm and model", Body: or(a.AlgorithmModel)},
		{Title: "Deployment environment", Body: "Geography: " + or(a.Geography) + "\nLanguages: " + or(a.Languages) +
			"\n\nComplexity: " + or(a.Complexity) + "\n\nConstraints: " + or(a.Constraints)},
		{Title: "Interested parties and affected people", Body: or(strings.Join(parties, "; ")) + "\n\n" + or(a.AffectedPeople)},
		{Title: "Harms", Rows: impacts(aims.ImpactHarm)},
		{Title: "Benefits", Rows: impacts(aims.ImpactBenefit)},
		{Title: "Disclosure", Rows: disclosures},
		{Title: "Monitoring after deployment", Body: or(a.Monitoring) + "\nHow often: " + or(a.MonitoringEvery) + "\nWho: " + or(a.MonitorName)},
		{Title: "Reassessment", Body: "Triggers:\n" + triggers + "\n\nNext review: " + or(dateText(a.NextReview))},
	}
}

// FRIASections lays out the Art. 27(1) elements from the record.
func FRIASections(a aims.ImpactAssessment, c aims.ImpactCriteria) []PDFSection {
	f := a.FRIA()
	or := func(s string) string {
		if strings.TrimSpace(s) == "" {
			return "Not recorded in the impact assessment."
		}
		return s
	}
	var parties []string
	for _, p := range f.Parties {
		parties = append(parties, p.Ref+" "+p.Name)
	}
	var risks []string
	for _, it := range f.Risks {
		risks = append(risks, fmt.Sprintf("%s (%s) — severity %s, likelihood %s, reversibility %s", it.Description, it.Affects.Label(),
			c.SeverityLabel(it.Severity), c.LikelihoodLabel(it.Likelihood), c.ReversibilityLabel(it.Reversibility)))
	}
	if len(risks) == 0 {
		risks = []string{"No harm recorded."}
	}
	cats := strings.TrimSpace(strings.Join(parties, "; ") + "\n\n" + f.Categories)
	return []PDFSection{
		{Title: "(a) The deployer's processes in which the system is used", Body: or(f.Process)},
		{Title: "(b) Period and frequency of use", Body: or(f.PeriodFrequency)},
		{Title: "(c) Categories of people and groups likely to be affected", Body: or(cats)},
		{Title: "(d) Specific risks of harm to them", Rows: risks},
		{Title: "(e) Human oversight measures", Body: or(f.Oversight)},
		{Title: "(f) Measures if the risks materialise, internal governance and complaints", Body: or(f.Response)},
	}
}

// ImpactPDF writes sections under a running header naming the assessment.
func ImpactPDF(w io.Writer, org, heading string, a aims.ImpactAssessment, sections []PDFSection, generated time.Time) error {
	pdf := fpdf.New("P", "mm", "A4", "")
	g := &gapDoc{pdf: pdf, known: map[rune]bool{}}
	g.glyphs, _ = sfnt.Parse(goregular.TTF)
	pdf.AddUTF8FontFromBytes(fontFamily, "", goregular.TTF)
	pdf.AddUTF8FontFromBytes(fontFamily, "B", gobold.TTF)
	pdf.SetMargins(marginX, docTop, marginX)
	pdf.SetAutoPageBreak(true, pageH-bodyBottom+4)
	pdf.SetTitle(a.Ref+" "+g.line(heading)+" — "+g.line(a.AISystemName), true)
	pdf.SetCreator("aims", true)
	pdf.SetLang("en")
	pdf.SetCreationDate(generated)
	pdf.SetModificationDate(generated)
	pdf.SetCatalogSort(true)
	pdf.AddPage()
	b := &docBody{g: g}
	b.para(g.clean(heading), true, 16, 0)
	b.para(g.clean(a.AISystemRef+" "+a.AISystemName+" — "+a.Title), false, 11, 0)
	pdf.Ln(3)
	for _, s := range sections {
		pdf.Ln(2)
		b.para(g.clean(s.Title), true, 12.5, 0)
		pdf.Ln(1)
		b.para(g.clean(s.Body), false, 10, 0)
		for _, r := range s.Rows {
			b.para(g.clean(r), false, 10, 4)
			pdf.Ln(1.5)
		}
	}
	approved := "not approved"
	if !a.ApprovedOn.IsZero() {
		approved = "approved by " + a.ApproverName + " on " + a.ApprovedOn.String()
	}
	n := pdf.PageCount()
	for i := 1; i <= n; i++ {
		pdf.SetPage(i)
		g.font(true, 9)
		g.color(colText)
		g.cell(marginX, 8, contentW*0.7, 5, a.Ref+"  "+a.AISystemRef+" "+a.AISystemName, "L")
		g.font(false, 8.5)
		g.color(colMuted)
		g.cell(marginX+contentW*0.7, 8, contentW*0.3, 5, org, "R")
		g.cell(marginX, 13.5, contentW, 5, fmt.Sprintf("Version %d · %s · %s", a.Version, a.State.Label(), approved), "L")
		if a.State != aims.ImpactApproved {
			g.font(true, 8.5)
			g.color(colOverdue)
			g.cell(marginX, 19, contentW, 5, strings.ToUpper(a.State.Label())+" — not the assessment in force", "L")
		}
		pdf.SetDrawColor(colRule.r, colRule.g, colRule.b)
		pdf.SetLineWidth(0.3)
		pdf.Line(marginX, 25, marginX+contentW, 25)
		pdf.Line(marginX, pageH-14, marginX+contentW, pageH-14)
		g.font(false, 8)
		g.color(colMuted)
		g.cell(marginX, pageH-13, contentW/2, 5, "Printed "+generated.UTC().Format("2006-01-02 15:04 UTC"), "L")
		g.cell(marginX+contentW/2, pageH-13, contentW/2, 5, fmt.Sprintf("Page %d of %d", i, n), "R")
	}
	if err := pdf.Output(w); err != nil {
		return fmt.Errorf("impact assessment PDF: %w", err)
	}
	return nil
}
