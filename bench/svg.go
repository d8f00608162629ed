package main

import (
	"fmt"
	"html"
	"math"
	"slices"
	"strings"
)

// svg draws p99 latency at concurrency 32 against inventory size, one panel
// per scenario, both axes logarithmic: a solid line per engine and a dashed
// line for the baseline measured beside it.
func (r *report) svg() string {
	const (
		conc           = 32
		panelW, panelH = 300, 190
		cols           = 2
		left, top      = 52, 28
		plotW, plotH   = panelW - left - 14, panelH - top - 34
	)
	type point struct{ x, y float64 }
	type series struct {
		engine   string
		baseline bool
		pts      []point
	}
	var names, titles []string
	var sizes []float64
	for _, res := range r.Results {
		if !slices.Contains(sizes, float64(res.Size)) {
			sizes = append(sizes, float64(res.Size))
		}
		for _, sc := range res.Scenarios {
			if !slices.Contains(names, sc.Name) {
				names, titles = append(names, sc.Name), append(titles, sc.Title)
			}
		}
	}
	slices.Sort(sizes)
	rows := (len(names) + cols - 1) / cols
	var b strings.Builder
	width, height := cols*panelW, rows*panelH+40
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" font-family="sans-serif" font-size="10">`+"\n", width, height, width, height)
	fmt.Fprintf(&b, `<rect width="100%%" height="100%%" fill="white"/>`+"\n")
	fmt.Fprintf(&b, `<text x="8" y="16" font-size="13" font-weight="bold">p99 latency (ms, log) against inventory size (numbers, log), concurrency %d</text>`+"\n", conc)
	colors := map[string]string{"sqlite": "#1f77b4", "postgres": "#d62728"}
	fmt.Fprintf(&b, `<g transform="translate(8,%d)">`, height-14)
	x := 0
	for _, e := range []string{"sqlite", "postgres"} {
		fmt.Fprintf(&b, `<line x1="%d" y1="-3" x2="%d" y2="-3" stroke="%s" stroke-width="2"/><text x="%d" y="0">%s</text>`, x, x+20, colors[e], x+24, e)
		x += 80
		fmt.Fprintf(&b, `<line x1="%d" y1="-3" x2="%d" y2="-3" stroke="%s" stroke-width="1.5" stroke-dasharray="4 3"/><text x="%d" y="0">baseline beside %s</text>`, x, x+20, colors[e], x+24, e)
		x += 150
	}
	b.WriteString("</g>\n")
	if len(sizes) == 0 {
		b.WriteString("</svg>\n")
		return b.String()
	}
	lx0, lx1 := math.Log10(sizes[0]), math.Log10(sizes[len(sizes)-1])
	if lx1-lx0 < 1 {
		lx0, lx1 = lx0-0.5, lx1+0.5
	}
	for i, name := range names {
		var ss []series
		for _, e := range []string{"sqlite", "postgres"} {
			real, base := series{engine: e}, series{engine: e, baseline: true}
			for _, res := range r.Results {
				if res.Engine != e {
					continue
				}
				if l, ok := res.level(name, conc); ok && l.Median.P99 > 0 {
					real.pts = append(real.pts, point{float64(res.Size), float64(l.Median.P99) / 1e6})
					base.pts = append(base.pts, point{float64(res.Size), float64(l.BaselineMedian.P99) / 1e6})
				}
			}
			if len(real.pts) > 0 {
				ss = append(ss, real, base)
			}
		}
		ymin, ymax := math.Inf(1), math.Inf(-1)
		for _, s := range ss {
			for _, p := range s.pts {
				if p.y > 0 {
					ymin, ymax = math.Min(ymin, p.y), math.Max(ymax, p.y)
				}
			}
		}
		if math.IsInf(ymin, 0) {
			ymin, ymax = 0.1, 10
		}
		ly0, ly1 := math.Floor(math.Log10(ymin)), math.Ceil(math.Log10(ymax))
		if ly1 <= ly0 {
			ly1 = ly0 + 1
		}
		px, py := (i%cols)*panelW, 24+(i/cols)*panelH
		fmt.Fprintf(&b, `<g transform="translate(%d,%d)">`+"\n", px, py)
		fmt.Fprintf(&b, `<text x="%d" y="14" font-weight="bold">%s</text>`+"\n", left, html.EscapeString(titles[i]))
		X := func(v float64) float64 { return left + (math.Log10(v)-lx0)/(lx1-lx0)*plotW }
		Y := func(v float64) float64 { return top + plotH - (math.Log10(v)-ly0)/(ly1-ly0)*plotH }
		fmt.Fprintf(&b, `<rect x="%d" y="%d" width="%d" height="%d" fill="none" stroke="#999"/>`+"\n", left, top, plotW, plotH)
		for e := ly0; e <= ly1; e++ {
			y := Y(math.Pow(10, e))
			fmt.Fprintf(&b, `<line x1="%d" y1="%.1f" x2="%d" y2="%.1f" stroke="#eee"/><text x="%d" y="%.1f" text-anchor="end">%s</text>`+"\n",
				left, y, left+plotW, y, left-4, y+3, trimFloat(math.Pow(10, e)))
		}
		for _, s := range sizes {
			xv := X(s)
			fmt.Fprintf(&b, `<line x1="%.1f" y1="%d" x2="%.1f" y2="%d" stroke="#eee"/><text x="%.1f" y="%d" text-anchor="middle">%s</text>`+"\n",
				xv, top, xv, top+plotH, xv, top+plotH+12, shortSize(int(s)))
		}
		for _, s := range ss {
			var pts []string
			for _, p := range s.pts {
				pts = append(pts, fmt.Sprintf("%.1f,%.1f", X(p.x), Y(math.Max(p.y, math.Pow(10, ly0)))))
			}
			dash := ""
			if s.baseline {
				dash = ` stroke-dasharray="4 3" stroke-width="1.5"`
			} else {
				dash = ` stroke-width="2"`
			}
			fmt.Fprintf(&b, `<polyline points="%s" fill="none" stroke="%s"%s/>`+"\n", strings.Join(pts, " "), colors[s.engine], dash)
			for _, p := range pts {
				var cx, cy float64
				fmt.Sscanf(p, "%f,%f", &cx, &cy)
				fmt.Fprintf(&b, `<circle cx="%.1f" cy="%.1f" r="2.5" fill="%s"/>`+"\n", cx, cy, colors[s.engine])
			}
		}
		b.WriteString("</g>\n")
	}
	b.WriteString("</svg>\n")
	return b.String()
}

func trimFloat(v float64) string {
	if v >= 1 {
		return fmt.Sprintf("%.0f", v)
	}
	return strings.TrimRight(strings.TrimRight(fmt.Sprintf("%.3f", v), "0"), ".")
}

func shortSize(n int) string {
	switch {
	case n >= 1_000_000 && n%1_000_000 == 0:
		return fmt.Sprintf("%dM", n/1_000_000)
	case n >= 1000 && n%1000 == 0:
		return fmt.Sprintf("%dk", n/1000)
	}
	return fmt.Sprint(n)
}
