module github.com/idporten-wizard/idporten-wizard

go 1.26.8
