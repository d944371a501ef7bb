# language: nl
Functionaliteit: Een ontbrekende bron leidt tot "niet beoordeeld"
  Een regel waarvan de feiten ontbreken, is nooit in orde.

  Scenario: Zonder AD-export worden de directoryregels niet beoordeeld
    Gegeven de voorbeeldadministratie zonder de bron "ad"
    Als ik de site scan
    Dan is de uitkomst van regel "KSZ-PRV-003" "not_assessed"
    En is de uitkomst van regel "KSZ-PPL-001" "not_assessed"
    En noemt de reden van regel "KSZ-PRV-003" de ontbrekende "directory.users"
    En is de uitkomst van regel "KSZ-GOV-001" "fail"
    En is de exitcode 5

  Scenario: Een AD-export die niet gevonden wordt, is een mislukte bron
    Gegeven de voorbeeldadministratie waarin de bron "ad" naar "ontbreekt.ldif" wijst
    Als ik de site scan
    Dan is de uitkomst van regel "KSZ-PRV-003" "not_assessed"
    En noemt de reden van regel "KSZ-PRV-003" de ontbrekende "ontbreekt.ldif"
    En is de exitcode 5
