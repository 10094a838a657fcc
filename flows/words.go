package flows

import "math/rand/v2"

// words are the reference words BankID på mobil shows on the screen and
// the phone, plain Norwegian words (device content, not interface text).
var words = []string{
	"Stille", "Ape", "Grøn", "Fjell", "Båt", "Rask", "Elg", "Skog", "Varm", "Sild",
	"Blå", "Hus", "Lett", "Ørn", "Bro", "Klok", "Rev", "Sol", "Tung", "Hav",
	"Kvit", "Bjørn", "Mild", "Fjord", "Gul", "Ulv", "Trygg", "Måke", "Lun", "Elv",
	"Raud", "Hare", "Snill", "Vind", "Brun", "Laks", "Glad", "Myr", "Ny", "Tind",
	"Kald", "Gaupe", "Høg", "Strand", "Mørk", "Torsk", "Fin", "Dal",
}

// referenceWords picks two different words.
func referenceWords(r *rand.Rand) []string {
	i := r.IntN(len(words))
	j := r.IntN(len(words) - 1)
	if j >= i {
		j++
	}
	return []string{words[i], words[j]}
}
