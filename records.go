package main

import "github.com/spf13/cobra"

// recordCmds are the help-desk commands over saved registrations: list,
// show, export, delete and stats.
func recordCmds(g *globalFlags) []*cobra.Command {
	return nil
}
