# language: nl
Functionaliteit: De voorbeeldadministratie scannen
  Als consultant wil ik de voorbeeldadministratie scannen
  om te zien hoe kszcheck tekortkomingen rapporteert.

  Scenario: De demo vindt elke ingeplante tekortkoming
    Gegeven de voorbeeldadministratie
    Als ik de demo uitvoer
    Dan is de exitcode 3
    En vindt de scan elke tekortkoming uit de README van het voorbeeld
    En staat de weergavenaam "<img src=x onerror=alert(1)>" als tekst in het rapport
    En is het rapport in het Nederlands
