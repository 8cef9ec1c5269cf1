"""Inline definitions shared by the render tests."""

KOMMUNE = """\
id: teststadt
name: Stadt Teststadt
ags: "05990000"
jugendamt: {name: Jugendamt Teststadt, email: jugendamt@teststadt.example, phone: "0999 1"}
datenschutz: {name: Datenschutz Teststadt, email: datenschutz@teststadt.example}
forms: [testform]
"""
FACILITIES = """\
sample_data: true
source: Invented.
facilities:
  - {id: kita-a, name: Kita A, traeger: Stadt, address: {street: Weg 1, postal_code: "59990", city: Teststadt}, care_types: [kita], age_from_months: 12, age_to_months: 72}
  - {id: kita-b, name: Kita B, traeger: AWO, address: {street: Weg 2, postal_code: "59990", city: Teststadt}, care_types: [kita], age_from_months: 0, age_to_months: 36}
"""
