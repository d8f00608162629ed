package reftest

import (
	"strings"
	"testing"
)

// refDoc is a small reference document: a DID group with an included SKU,
// resource meta, top-level meta and links.
const refDoc = `{
 "data":[{"id":"1","type":"did_groups",
   "attributes":{"prefix":"7","features":["voice_in"],"area_name":"Mobile","service_restrictions":null},
   "relationships":{"country":{"links":{}},"stock_keeping_units":{"data":[]}},
   "meta":{"total_count":99}}],
 "included":[{"id":"2","type":"stock_keeping_units","attributes":{"setup_price":"0.0"}}],
 "meta":{"total_records":1,"api_version":"2026-04-16"},
 "links":{"first":"x"}
}`

// orderDoc carries embedded items, compared one level into their objects.
const orderDoc = `{"data":{"id":"1","type":"orders","attributes":{"status":"pending",
 "items":[{"type":"did_order_items","attributes":{"qty":1,"nrc":"5.00"}}]}}}`

func TestCompareShape(t *testing.T) {
	tests := []struct {
		name string
		want string
		got  string
		opts []Option
		errs []string // substrings, one per expected error, in order
	}{
		{name: "identical", want: refDoc, got: refDoc},
		{
			name: "missing attribute",
			want: refDoc,
			got:  strings.Replace(refDoc, `"area_name":"Mobile",`, "", 1),
			errs: []string{`did_groups: attribute "area_name": present in reference, missing in didstock`},
		},
		{
			name: "extra attribute",
			want: refDoc,
			got:  strings.Replace(refDoc, `"prefix":"7"`, `"prefix":"7","colour":"red"`, 1),
			errs: []string{`did_groups: attribute "colour": present in didstock, absent from reference`},
		},
		{
			name: "kind mismatch",
			want: refDoc,
			got:  strings.Replace(refDoc, `"features":["voice_in"]`, `"features":"voice_in"`, 1),
			errs: []string{`did_groups: attribute "features": kind array in reference, string in didstock`},
		},
		{
			name: "null in didstock is compatible",
			want: refDoc,
			got:  strings.Replace(refDoc, `"area_name":"Mobile"`, `"area_name":null`, 1),
		},
		{
			name: "null in reference is compatible",
			want: refDoc,
			got:  strings.Replace(refDoc, `"service_restrictions":null`, `"service_restrictions":["x"]`, 1),
		},
		{
			name: "relationship and resource meta",
			want: refDoc,
			got: strings.NewReplacer(`"country":{"links":{}},`, "",
				`"total_count":99`, `"total_count":"99"`).Replace(refDoc),
			errs: []string{
				`did_groups: relationship "country": present in reference, missing in didstock`,
				`did_groups: meta "total_count": kind number in reference, string in didstock`,
			},
		},
		{
			name: "top-level meta, links and types",
			want: refDoc,
			got: strings.NewReplacer(`"total_records":1,`, "", `,
 "links":{"first":"x"}`, "", `"stock_keeping_units","attributes"`, `"skus","attributes"`).Replace(refDoc),
			errs: []string{
				`resource type "skus": present in didstock, absent from reference`,
				`resource type "stock_keeping_units": present in reference, missing in didstock`,
				`top-level meta "total_records": present in reference, missing in didstock`,
				`top-level links`,
			},
		},
		{
			name: "ignore options",
			want: refDoc,
			got: strings.NewReplacer(`"area_name":"Mobile",`, "", `"country":{"links":{}},`, "",
				`"total_records":1,`, "", `"total_count":99`, "").Replace(refDoc),
			opts: []Option{
				IgnoreAttrs("did_groups", "area_name"), IgnoreRelationships("*", "country"),
				IgnoreMeta("total_records"), IgnoreResourceMeta("did_groups", "total_count"),
			},
		},
		{
			name: "only types",
			want: refDoc,
			got:  strings.Replace(refDoc, `"setup_price":"0.0"`, `"setup_price":0`, 1),
			opts: []Option{OnlyTypes("did_groups")},
		},
		{
			name: "order item attributes",
			want: orderDoc,
			got:  strings.Replace(orderDoc, `"nrc":"5.00"`, `"mrc":"5.00"`, 1),
			errs: []string{
				`orders: attribute "items[did_order_items].attributes.mrc": present in didstock`,
				`orders: attribute "items[did_order_items].attributes.nrc": present in reference, missing`,
			},
		},
		{
			name: "ignoring an array attribute waives its items",
			want: orderDoc,
			got:  strings.Replace(orderDoc, `"nrc":"5.00"`, `"mrc":"5.00"`, 1),
			opts: []Option{IgnoreAttrs("orders", "items")},
		},
		{
			name: "error objects",
			want: `{"errors":[{"title":"x","detail":"y","code":"100","status":"422","source":{"pointer":"/data"}}]}`,
			got:  `{"errors":[{"title":"x","detail":"y","code":100,"status":"422"}]}`,
			errs: []string{
				`error object "code": kind string in reference, number in didstock`,
				`error object "source": present in reference, missing`,
				`error object "source.pointer": present in reference, missing`,
			},
		},
		{name: "unparsable didstock body", want: refDoc, got: `nope`, errs: []string{"didstock document"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := &recorder{TB: t}
			CompareShape(rec, []byte(tt.want), []byte(tt.got), tt.opts...)
			assertErrors(t, rec.errs, tt.errs)
		})
	}
}

// assertErrors checks that got has exactly one error per wanted substring,
// in order.
func assertErrors(t *testing.T, got, want []string) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("got %d errors, want %d:\n%s", len(got), len(want), strings.Join(got, "\n"))
	}
	for i := range want {
		if !strings.Contains(got[i], want[i]) {
			t.Errorf("error %d = %q, want it to contain %q", i, got[i], want[i])
		}
	}
}

func TestKindCompatible(t *testing.T) {
	tests := []struct {
		a, b Kind
		want bool
	}{
		{KindString, KindString, true},
		{KindString, KindNumber, false},
		{KindNull, KindObject, true},
		{KindArray, KindNull, true},
		{KindString | KindNumber, KindNumber, true},
	}
	for _, tt := range tests {
		if got := tt.a.Compatible(tt.b); got != tt.want {
			t.Errorf("%v.Compatible(%v) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
}
