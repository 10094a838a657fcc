// Package model holds the domain of registering a new user in ID-porten: the
// five electronic IDs and their facts, Norwegian national identity numbers,
// contact information, the age rules and the saved registration record.
//
// It is pure: no terminal, no files, no randomness. Errors are sentinel values
// so that the user interface can name them in the person's own language.
package model
