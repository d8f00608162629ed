package inventory

import (
	"bufio"
	"fmt"
	"io"
)

// genCities are the US cities GenerateCSV spreads numbers over: name,
// state and area code.
var genCities = [][3]string{
	{"New York", "New York", "212"}, {"Los Angeles", "California", "213"}, {"Chicago", "Illinois", "312"},
	{"Houston", "Texas", "713"}, {"Phoenix", "Arizona", "602"}, {"Philadelphia", "Pennsylvania", "215"},
	{"San Antonio", "Texas", "210"}, {"San Diego", "California", "619"}, {"Dallas", "Texas", "214"},
	{"Seattle", "Washington", "206"}, {"Boston", "Massachusetts", "617"}, {"Denver", "Colorado", "303"},
}

// GenerateCSV writes a valid import file of n US Local numbers: whole
// NPA-NXX blocks of 10,000 numbers, each one checked with the same validator
// the import uses, with two SKUs per group. It is for load tests.
func GenerateCSV(w io.Writer, n int) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintln(bw, "country,region,city,type,prefix,features,setup_price,monthly_price,channels_included_count,sku2_setup_price,sku2_monthly_price,sku2_channels_included_count,npa,nxx,number")
	v := newValidator()
	written := 0
	for nxx := 200; nxx <= 999 && written < n; nxx++ {
		for _, c := range genCities {
			for line := 0; line < 10000 && written < n; line++ {
				number := fmt.Sprintf("1%s%03d%04d", c[2], nxx, line)
				if !v.fastValid(cachedRules("US"), number) {
					continue
				}
				fmt.Fprintf(bw, "US,%s,%s,Local,%s,voice_in;voice_out;sms_in,0.40,0.80,0,0.40,2.10,2,%s,%03d,%s\n",
					c[1], c[0], c[2], c[2], nxx, number)
				written++
			}
			if written >= n {
				break
			}
		}
	}
	if written < n {
		return fmt.Errorf("gen-csv: only %d valid numbers in the generator's ranges", written)
	}
	return bw.Flush()
}
