package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"strconv"

	"github.com/didstock/didstock/app"
)

func runServe(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var cfg app.Config
	fs.StringVar(&cfg.Listen, "listen", envOr("DIDSTOCK_LISTEN", "127.0.0.1:8080"), "address to listen on (env DIDSTOCK_LISTEN)")
	fs.StringVar(&cfg.DSN, "db", envOr("DIDSTOCK_DB", "./didstock.db"), "SQLite file path or postgres:// URL (env DIDSTOCK_DB)")
	fs.StringVar(&cfg.SecretFile, "secret-file", envOr("DIDSTOCK_SECRET_FILE", ""), "server secret file (default: didstock.secret beside the SQLite file, or ./didstock.secret)")
	fs.StringVar(&cfg.TLSCert, "tls-cert", envOr("DIDSTOCK_TLS_CERT", ""), "TLS certificate file: serve HTTPS")
	fs.StringVar(&cfg.TLSKey, "tls-key", envOr("DIDSTOCK_TLS_KEY", ""), "TLS private key file")
	rate, _ := strconv.ParseFloat(envOr("DIDSTOCK_RATE_LIMIT", "0"), 64)
	fs.Float64Var(&cfg.RateLimit, "rate-limit", rate, "requests per second per API key, 0 for none (the reference allows 10)")
	fs.BoolVar(&cfg.NoDemo, "no-demo", false, "do not seed the demo inventory into an empty database")
	fs.BoolVar(&cfg.AllowPrivateCallbacks, "allow-private-callbacks", envOr("DIDSTOCK_ALLOW_PRIVATE_CALLBACKS", "") == "1",
		"let order callbacks reach loopback and private networks (development only; env DIDSTOCK_ALLOW_PRIVATE_CALLBACKS=1)")
	fs.Float64Var(&cfg.CallbackTimeScale, "callback-time-scale", 0,
		"multiply the callback retry schedule (1 min … 2 days) by this factor; tests use e.g. 0.001 (0 = the real schedule)")
	fs.DurationVar(&cfg.CallbackTimeout, "callback-timeout", 0, "time allowed for one callback delivery (0 = 60s)")
	fs.DurationVar(&cfg.ReservationTTL, "reservation-ttl", 0, "how long a DID reservation holds its number (0 = the reference's 10m)")
	fs.IntVar(&cfg.MaxReservations, "max-reservations", 0, "live DID reservations allowed per account (0 = the reference's 10)")
	fs.DurationVar(&cfg.JobRescueAfter, "job-rescue-after", 0,
		"run again a job left running by a process that died, after this long (0 = 2m)")
	pprofAddr := fs.String("pprof", envOr("DIDSTOCK_PPROF", ""), "serve net/http/pprof on this separate address, e.g. 127.0.0.1:6060 (env DIDSTOCK_PPROF; off when empty)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if (cfg.TLSCert == "") != (cfg.TLSKey == "") {
		return fmt.Errorf("serve: --tls-cert and --tls-key go together")
	}
	cfg.Logger = slog.New(slog.NewJSONHandler(stderr, nil))
	if *pprofAddr != "" {
		stop, err := startPprof(*pprofAddr, cfg.Logger)
		if err != nil {
			return fmt.Errorf("serve: --pprof: %w", err)
		}
		defer stop()
	}
	a, err := app.Start(ctx, cfg)
	if err != nil {
		return err
	}
	if a.DemoKey != "" {
		fmt.Fprintf(stdout, "didstock is serving the demo inventory at %s/v3\n", a.URL())
		fmt.Fprintf(stdout, "Demo account API key (shown once): %s\n", a.DemoKey)
		fmt.Fprintf(stdout, "Try: curl -H 'Api-Key: %s' '%s/v3/countries?filter%%5Biso%%5D=US'\n", a.DemoKey, a.URL())
	} else {
		fmt.Fprintf(stdout, "didstock is serving at %s/v3\n", a.URL())
	}
	select {
	case <-ctx.Done():
		cfg.Logger.Info("shutting down")
		return a.Close()
	case err := <-a.Done():
		a.DB.Close()
		return err
	}
}
