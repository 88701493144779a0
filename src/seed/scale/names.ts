// Street names of the generated addresses (people's names: frequencies.ts), and the generated organizations' email domain.

/** The domain of every generated organization's email addresses: `<slug>.example.gov`. */
export const SCALE_EMAIL_DOMAIN = 'example.gov';

export const STREETS = ['Main Street', 'Center Street', 'Court Street', 'Broadway', 'Market Street', 'Civic Center Drive', 'Government Way', 'Washington Street'];
