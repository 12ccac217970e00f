package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"time"

	"github.com/azsphere-go/applibs/certstore/trustaudit"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Stdout, os.Stderr))
}

// errUsage marks errors in the command line.
var errUsage = errors.New("usage")

// run runs the command with args and returns its exit status.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	o, eps, showChain, err := parse(args, stderr)
	if err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(stderr, "trustaudit:", err)
		}
		return 2
	}
	reps := trustaudit.AuditEndpoints(ctx, eps, o)
	flagged := 0
	for _, rep := range reps {
		if !rep.OK() {
			flagged++
		}
		report(stdout, rep, showChain)
	}
	fmt.Fprintf(stdout, "%d endpoints, %d flagged\n", len(reps), flagged)
	if flagged > 0 {
		return 1
	}
	return 0
}

// parse reads the command line.
func parse(args []string, stderr io.Writer) (o trustaudit.Options, eps []trustaudit.Endpoint, showChain bool, err error) {
	fs := flag.NewFlagSet("trustaudit", flag.ContinueOnError)
	fs.SetOutput(stderr)
	endpoints := fs.String("endpoints", "", "endpoints, comma-separated host[:port], or @file with one per line")
	planned := fs.String("planned", "", "PEM bundle of the roots that will stay trusted")
	roots := fs.String("roots", "", "PEM bundle of the roots trusted now (default: the system's roots)")
	before := fs.String("before", "", "flag what expires before this date (YYYY-MM-DD or RFC 3339)")
	at := fs.String("at", "", "verify chains at this time instead of now")
	fs.DurationVar(&o.Timeout, "timeout", 10*time.Second, "connection and handshake timeout per endpoint")
	fs.BoolVar(&showChain, "chain", false, "print each endpoint's presented chain")
	if err = fs.Parse(args); err != nil {
		return o, nil, false, err
	}
	list := fs.Args()
	if *endpoints != "" {
		more, err := endpointList(*endpoints)
		if err != nil {
			return o, nil, false, err
		}
		list = append(more, list...)
	}
	for _, s := range list {
		ep, err := trustaudit.ParseEndpoint(s)
		if err != nil {
			return o, nil, false, err
		}
		eps = append(eps, ep)
	}
	if len(eps) == 0 {
		return o, nil, false, fmt.Errorf("no endpoints: give -endpoints or arguments: %w", errUsage)
	}
	if *planned != "" {
		if o.Planned, err = readRoots(*planned); err != nil {
			return o, nil, false, err
		}
	}
	if *roots != "" {
		if o.Roots, err = readRoots(*roots); err != nil {
			return o, nil, false, err
		}
	} else {
		o.SystemRoots = true
	}
	if *before != "" {
		if o.Before, err = parseTime(*before); err != nil {
			return o, nil, false, fmt.Errorf("-before: %w", err)
		}
	}
	if *at != "" {
		t, err := parseTime(*at)
		if err != nil {
			return o, nil, false, fmt.Errorf("-at: %w", err)
		}
		o.Now = func() time.Time { return t }
	}
	return o, eps, showChain, nil
}

// endpointList splits a comma-separated list, or reads @file.
func endpointList(s string) ([]string, error) {
	if !strings.HasPrefix(s, "@") {
		var out []string
		for _, e := range strings.Split(s, ",") {
			if e = strings.TrimSpace(e); e != "" {
				out = append(out, e)
			}
		}
		return out, nil
	}
	data, err := os.ReadFile(s[1:])
	if err != nil {
		return nil, err
	}
	var out []string
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		line, _, _ := strings.Cut(sc.Text(), "#")
		if line = strings.TrimSpace(line); line != "" {
			out = append(out, line)
		}
	}
	return out, sc.Err()
}

func readRoots(path string) ([]trustaudit.Root, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return trustaudit.RootsFromPEM(data, path)
}

func parseTime(s string) (time.Time, error) {
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		return t, nil
	}
	return time.Parse(time.RFC3339, s)
}

// report prints one endpoint's audit.
func report(w io.Writer, rep trustaudit.EndpointReport, showChain bool) {
	verdict := "ok     "
	if !rep.OK() {
		verdict = "FLAGGED"
	}
	name := rep.Endpoint.Address
	if rep.Endpoint.ServerName != "" {
		name += " (" + rep.Endpoint.ServerName + ")"
	}
	fmt.Fprintf(w, "%s %s\n", verdict, name)
	if showChain {
		for i, c := range rep.Chain {
			fmt.Fprintf(w, "        presents %d: %s, issued by %s, until %s\n", i, c.Subject, c.Issuer, c.NotAfter.Format(time.DateOnly))
		}
	}
	for _, m := range rep.Roots {
		how := ""
		if m.ByName {
			how = ", matched by name"
		}
		if m.Planned {
			how += ", planned"
		}
		fmt.Fprintf(w, "        root: %s%s\n", m.Root, how)
	}
	for _, f := range rep.Findings {
		fmt.Fprintf(w, "        %s\n", f)
	}
}
