package report

import (
	"strconv"

	"aims/internal/aims"
)

// CommunicationColumns are the columns of the communication plan's export.
var CommunicationColumns = []Column[aims.Communication]{
	{"ref", func(c aims.Communication) string { return c.Ref }},
	{"subject", func(c aims.Communication) string { return c.Subject }},
	{"content", func(c aims.Communication) string { return c.Content }},
	{"audience", func(c aims.Communication) string { return string(c.Audience) }},
	{"audience_detail", func(c aims.Communication) string { return c.AudienceDetail }},
	{"frequency", func(c aims.Communication) string { return string(c.Frequency) }},
	{"next_due", func(c aims.Communication) string { return c.NextDue.String() }},
	{"channel", func(c aims.Communication) string { return c.Channel }},
	{"owner", func(c aims.Communication) string { return c.OwnerName }},
	{"interested_party", func(c aims.Communication) string { return c.InterestedParty }},
	{"last_sent", func(c aims.Communication) string { return c.LastSent.String() }},
	{"sends", func(c aims.Communication) string { return strconv.Itoa(c.Sends) }},
	{"archived", func(c aims.Communication) string { return yesNo(c.Archived) }},
}
