# language: nl
Functionaliteit: Een eigen regelpakket
  Een bestuur voegt eigen regels toe in een aparte map met regels, voorbeelden en een checks.py.

  Scenario: De regel van het pakket staat in de catalogus en in de beoordeling
    Gegeven de voorbeeldadministratie met het regelpakket
    Als ik de regels oplijst met het regelpakket
    Dan staat regel "KSZ-LOC-101" in de lijst
    Als ik de site scan op "2026-06-01"
    Dan is de uitkomst van regel "KSZ-LOC-101" "fail"
    En heeft regel "KSZ-LOC-101" bevindingen voor "SRV-FILE02" en "SRV-SOC01"

  Scenario: Een controle van het pakket die een fout geeft
    Gegeven de voorbeeldadministratie met een regelpakket waarvan de controle een fout geeft
    Als ik de site scan op "2026-06-01"
    Dan is de uitkomst van regel "KSZ-LOC-101" "not_assessed"
    En noemt de reden van regel "KSZ-LOC-101" de fout "ZeroDivisionError"
    En is de uitkomst van regel "KSZ-GOV-001" "fail"
