package report

import (
	"fmt"
	"html/template"
	"io"
	"slices"

	"meridian"
)

// The follow-up report (issue 13, point 5): of an operation's cases, how
// far they went and what came of their requests, by country, in one of
// the four languages.

type followupLabels struct {
	Dir, Title, Operation, Suppressed, Stage, Cases, Country, Total                           string
	Prosecuted, Convicted, Sent, Answered, Refused, Overdue, Hidden, None, ByStage, ByCountry string
	Region, ByRegion                                                                          string
	Stages                                                                                    map[string]string
}

var followupText = map[string]followupLabels{
	"en": {Dir: "ltr", Region: "Region", ByRegion: "By region (UN M49 sub-regions of the same countries)", Title: "Follow-up of the operation's cases", Operation: "Operation", Suppressed: "Figures under 11 are suppressed (shown as –), with those that would give them away.",
		Stage: "Stage", Cases: "Cases", Country: "Country", Total: "Total", Prosecuted: "Prosecuted", Convicted: "With a conviction",
		Sent: "Requests sent", Answered: "Answered", Refused: "Refused", Overdue: "Overdue", Hidden: "–", None: "No case of this operation.",
		ByStage: "Cases by stage", ByCountry: "By country (the lead agency's for cases, the requesting one's for requests)",
		Stages: map[string]string{"investigation": "Investigation", "prosecution": "Prosecution", "trial": "Trial", "judgment": "Judgment", "appeal": "Appeal"}},
	"fr": {Dir: "ltr", Region: "Région", ByRegion: "Par région (sous-régions M49 de l'ONU des mêmes pays)", Title: "Suivi des affaires de l'opération", Operation: "Opération", Suppressed: "Les chiffres inférieurs à 11 sont masqués (–), ainsi que ceux qui permettraient de les retrouver.",
		Stage: "Étape", Cases: "Affaires", Country: "Pays", Total: "Total", Prosecuted: "Poursuivies", Convicted: "Avec condamnation",
		Sent: "Demandes envoyées", Answered: "Répondues", Refused: "Refusées", Overdue: "En retard", Hidden: "–", None: "Aucune affaire pour cette opération.",
		ByStage: "Affaires par étape", ByCountry: "Par pays (celui de l'agence cheffe de file pour les affaires, du requérant pour les demandes)",
		Stages: map[string]string{"investigation": "Enquête", "prosecution": "Poursuites", "trial": "Procès", "judgment": "Jugement", "appeal": "Appel"}},
	"es": {Dir: "ltr", Region: "Región", ByRegion: "Por región (subregiones M49 de la ONU de los mismos países)", Title: "Seguimiento de los casos de la operación", Operation: "Operación", Suppressed: "Las cifras inferiores a 11 se ocultan (–), junto con las que permitirían deducirlas.",
		Stage: "Etapa", Cases: "Casos", Country: "País", Total: "Total", Prosecuted: "Enjuiciados", Convicted: "Con condena",
		Sent: "Solicitudes enviadas", Answered: "Respondidas", Refused: "Denegadas", Overdue: "Vencidas", Hidden: "–", None: "Ningún caso en esta operación.",
		ByStage: "Casos por etapa", ByCountry: "Por país (el de la agencia principal para los casos, el del requirente para las solicitudes)",
		Stages: map[string]string{"investigation": "Investigación", "prosecution": "Acusación", "trial": "Juicio", "judgment": "Sentencia", "appeal": "Apelación"}},
	"ar": {Dir: "rtl", Region: "المنطقة", ByRegion: "حسب المنطقة (المناطق الفرعية وفق تصنيف M49 للأمم المتحدة للبلدان نفسها)", Title: "متابعة قضايا العملية", Operation: "العملية", Suppressed: "تُحجب الأرقام الأقل من 11 (–) وكذلك الأرقام التي قد تكشفها.",
		Stage: "المرحلة", Cases: "القضايا", Country: "البلد", Total: "المجموع", Prosecuted: "أُحيلت إلى الملاحقة", Convicted: "بإدانة",
		Sent: "الطلبات المرسلة", Answered: "المُجاب عنها", Refused: "المرفوضة", Overdue: "المتأخرة", Hidden: "–", None: "لا توجد قضايا لهذه العملية.",
		ByStage: "القضايا حسب المرحلة", ByCountry: "حسب البلد (بلد الوكالة الرائدة للقضايا، وبلد الجهة الطالبة للطلبات)",
		Stages: map[string]string{"investigation": "التحقيق", "prosecution": "الملاحقة القضائية", "trial": "المحاكمة", "judgment": "الحكم", "appeal": "الاستئناف"}},
}

var followupTmpl = template.Must(template.New("followup").Funcs(template.FuncMap{
	"cell": func(r *meridian.FollowupRow, name string, n int) string {
		if slices.Contains(r.Hidden, name) {
			return "–"
		}
		return fmt.Sprint(n)
	},
	// Set per language by FollowupHTML.
	"country": func(code string) string { return code },
	"region":  func(name string) string { return name },
}).Parse(`<!doctype html>
<html lang="{{.Lang}}" dir="{{.L.Dir}}"><head><meta charset="utf-8"><title>{{.L.Title}}</title>
<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse;margin:1em 0}th,td{border:1px solid #999;padding:.3em .6em;text-align:end}th:first-child,td:first-child{text-align:start}</style></head>
<body><h1>{{.L.Title}}</h1><p>{{.L.Operation}}: {{.F.OperationID}}</p>
{{if .F.Suppressed}}<p>{{.L.Suppressed}}</p>{{end}}
{{if not .F.ByCountry}}<p>{{.L.None}}</p>{{end}}
<h2>{{.L.ByStage}}</h2><table><tr><th>{{.L.Stage}}</th><th>{{.L.Cases}}</th></tr>
{{range .F.ByStage}}<tr><td>{{index $.L.Stages .Stage}}</td><td>{{if .Suppressed}}–{{else}}{{.Cases}}{{end}}</td></tr>{{end}}</table>
<h2>{{.L.ByCountry}}</h2><table><tr><th>{{.L.Country}}</th><th>{{.L.Cases}}</th><th>{{.L.Prosecuted}}</th><th>{{.L.Convicted}}</th><th>{{.L.Sent}}</th><th>{{.L.Answered}}</th><th>{{.L.Refused}}</th><th>{{.L.Overdue}}</th></tr>
{{range .Rows}}<tr><td>{{if .Country}}{{country .Country}} ({{.Country}}){{else}}{{$.L.Total}}{{end}}</td>{{template "cells" .}}</tr>
{{end}}</table>
{{if .F.ByRegion}}<h2>{{.L.ByRegion}}</h2><table class="regions"><tr><th>{{.L.Region}}</th><th>{{.L.Cases}}</th><th>{{.L.Prosecuted}}</th><th>{{.L.Convicted}}</th><th>{{.L.Sent}}</th><th>{{.L.Answered}}</th><th>{{.L.Refused}}</th><th>{{.L.Overdue}}</th></tr>
{{range .RegionRows}}<tr><td>{{if .Region}}{{region .Region}}{{else}}{{$.L.Total}}{{end}}</td>{{template "cells" .}}</tr>
{{end}}</table>{{end}}</body></html>
{{define "cells"}}<td>{{cell . "cases" .Cases}}</td><td>{{cell . "prosecuted" .Prosecuted}}</td><td>{{cell . "convicted" .Convicted}}</td><td>{{cell . "requests_sent" .Sent}}</td><td>{{cell . "requests_answered" .Answered}}</td><td>{{cell . "requests_refused" .Refused}}</td><td>{{cell . "requests_overdue" .Overdue}}</td>{{end}}
`))

// FollowupHTML writes the follow-up report in lang.
func FollowupHTML(w io.Writer, f *meridian.Followup, lang string) error {
	l, ok := followupText[lang]
	if !ok {
		return meridian.Invalidf("report.FollowupHTML", "lang", "unknown language %q", lang)
	}
	loc, _ := lookupLocale(lang)
	t, err := followupTmpl.Clone()
	if err != nil {
		return err
	}
	t.Funcs(template.FuncMap{
		"country": func(code string) string { return loc.country(code, "") },
		"region":  loc.region,
	})
	rows := append(slices.Clone(f.ByCountry), &f.Total)
	regions := append(slices.Clone(f.ByRegion), &f.Total)
	return t.Execute(w, map[string]any{"Lang": lang, "L": l, "F": f, "Rows": rows, "RegionRows": regions})
}
