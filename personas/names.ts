/** The synthetic population's pool of plausible Danish names and places (demo data): the stand-ins draw people from it, and the comment screen uses it as its list of names until a national names list is wired in. */

export const FEMALE_FIRST_NAMES = [
  'Anne', 'Kirsten', 'Hanne', 'Mette', 'Anna', 'Helle', 'Susanne', 'Lene', 'Maria', 'Marianne',
  'Inge', 'Karen', 'Lone', 'Bente', 'Camilla', 'Pia', 'Louise', 'Charlotte', 'Jette', 'Tina',
  'Ida', 'Emma', 'Freja', 'Sofie', 'Clara', 'Laura', 'Alma', 'Ellen', 'Agnes', 'Ingrid',
  'Birgit', 'Grethe', 'Else', 'Ruth', 'Åse', 'Søs', 'Bodil', 'Signe', 'Maja', 'Nanna',
];

export const MALE_FIRST_NAMES = [
  'Peter', 'Jens', 'Lars', 'Michael', 'Henrik', 'Thomas', 'Søren', 'Jan', 'Niels', 'Christian',
  'Martin', 'Anders', 'Morten', 'Jesper', 'Rasmus', 'Hans', 'Per', 'Jørgen', 'Ole', 'Mads',
  'William', 'Noah', 'Oscar', 'Lucas', 'Carl', 'Frederik', 'Emil', 'Magnus', 'Aksel', 'Viggo',
  'Bent', 'Poul', 'Erik', 'Knud', 'Svend', 'Bjørn', 'Kåre', 'Jonas', 'Mikkel', 'Tobias',
];

export const MIDDLE_NAMES = ['Marie', 'Louise', 'Holm', 'Skov', 'Dahl', 'Bach', 'Lund', 'Kjær', 'Vang', 'Krogh'];

export const LAST_NAMES = [
  'Nielsen', 'Jensen', 'Hansen', 'Pedersen', 'Andersen', 'Christensen', 'Larsen', 'Sørensen',
  'Rasmussen', 'Jørgensen', 'Petersen', 'Madsen', 'Kristensen', 'Olsen', 'Thomsen', 'Christiansen',
  'Poulsen', 'Johansen', 'Møller', 'Mortensen', 'Knudsen', 'Jakobsen', 'Mikkelsen', 'Frederiksen',
  'Østergaard', 'Bøgh', 'Lauridsen', 'Dahl', 'Holm', 'Kjærgaard',
];

export interface Municipality {
  readonly code: string;
  readonly name: string;
  readonly postalCodes: readonly { code: string; city: string }[];
}

/** Real municipality codes (kommunekoder) with some of their postal districts. */
export const MUNICIPALITIES: readonly Municipality[] = [
  { code: '0101', name: 'København', postalCodes: [{ code: '2100', city: 'København Ø' }, { code: '2200', city: 'København N' }, { code: '2300', city: 'København S' }] },
  { code: '0147', name: 'Frederiksberg', postalCodes: [{ code: '2000', city: 'Frederiksberg' }] },
  { code: '0751', name: 'Aarhus', postalCodes: [{ code: '8000', city: 'Aarhus C' }, { code: '8200', city: 'Aarhus N' }, { code: '8210', city: 'Aarhus V' }] },
  { code: '0461', name: 'Odense', postalCodes: [{ code: '5000', city: 'Odense C' }, { code: '5200', city: 'Odense V' }] },
  { code: '0851', name: 'Aalborg', postalCodes: [{ code: '9000', city: 'Aalborg' }, { code: '9220', city: 'Aalborg Øst' }] },
  { code: '0561', name: 'Esbjerg', postalCodes: [{ code: '6700', city: 'Esbjerg' }] },
  { code: '0630', name: 'Vejle', postalCodes: [{ code: '7100', city: 'Vejle' }] },
  { code: '0621', name: 'Kolding', postalCodes: [{ code: '6000', city: 'Kolding' }] },
  { code: '0791', name: 'Viborg', postalCodes: [{ code: '8800', city: 'Viborg' }] },
  { code: '0157', name: 'Gentofte', postalCodes: [{ code: '2900', city: 'Hellerup' }, { code: '2820', city: 'Gentofte' }] },
  { code: '0840', name: 'Rebild', postalCodes: [{ code: '9520', city: 'Skørping' }] },
  { code: '0825', name: 'Læsø', postalCodes: [{ code: '9940', city: 'Læsø' }] },
];

export const STREET_NAMES = [
  'Vestergade', 'Østergade', 'Nørregade', 'Søndergade', 'Skolevej', 'Kirkevej', 'Møllevej',
  'Strandvejen', 'Birkevej', 'Egevej', 'Bøgevej', 'Rosenvænget', 'Åboulevarden', 'Nørrebrogade',
  'Jægersborg Allé', 'Hans Broges Gade', 'Frederiksgade', 'Lærkevej', 'Engvej', 'Stationsvej',
];
