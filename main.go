// Command idporten-wizard is a terminal wizard that simulates registering a
// new user in ID-porten, Norway's public login: choose an eID, pass a
// simulated login, fill in the contact register and get a receipt. Each
// finished registration is saved as a JSON file.
//
// Nothing real is authenticated and no real service is called. The command
// line itself is package internal/cli.
package main

import (
	"os"

	"github.com/idporten-wizard/idporten-wizard/internal/cli"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

func main() { os.Exit(cli.Main(version, os.Args[1:])) }
